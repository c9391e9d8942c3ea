using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Which recomputations can move out of the reverse loops they sit in. A value recomputed in a loop's
/// reverse (<c>quotient = h / 6</c>, from an update <c>y[i] += h / 6 * …</c>) whose inputs never
/// change once set is the same in every iteration: computing it once, before the outermost reverse
/// loop around it, saves an operation (here a division) per element and iteration. Only arithmetic
/// that cannot fail moves — floating-point operators and conversions on variables and literals; no
/// element reads or lengths (the loop may run zero times, in a branch not taken, on an array that is
/// null; the reverse sweep reads unchecked), no integer operators (division by zero, overflow in a
/// checked build), no properties — so running it when the loop would not have changes nothing.
/// </summary>
internal static class InvariantRecomputes
{
    /// <summary>
    /// The variables that hold one value for the whole run once set: parameters nothing writes (not
    /// 'in' ones), and locals assigned exactly once, by a statement at the top level of the body, and
    /// written by nothing else (no element store, no call given them).
    /// </summary>
    public static HashSet<string> ConstantVariables(IReadOnlyList<Stmt> body, IReadOnlyDictionary<string, Variable> variables)
    {
        var assignments = new Dictionary<string, int>();
        var otherWrites = new HashSet<string>();
        foreach (Stmt statement in IrWalk.Statements(body))
        {
            if (statement is AssignStmt assignment)
            {
                assignments[assignment.Target] = assignments.TryGetValue(assignment.Target, out int count) ? count + 1 : 1;
            }

            IndependentIterations.OwnWrites(statement, otherWrites, withAssignedVariable: false);
        }

        var topLevelAssigned = new HashSet<string>();
        foreach (Stmt statement in body)
        {
            if (statement is AssignStmt assignment)
            {
                topLevelAssigned.Add(assignment.Target);
            }
        }

        var constants = new HashSet<string>();
        foreach (Variable variable in variables.Values)
        {
            int count = assignments.TryGetValue(variable.Name, out int n) ? n : 0;
            // An 'in' parameter refers to the caller's variable, which a call may change.
            bool setOnce = variable.Role == VariableRole.Parameter
                ? count == 0 && !variable.IsReadOnlyReference
                : count == 1 && topLevelAssigned.Contains(variable.Name);
            if (setOnce && !otherWrites.Contains(variable.Name))
            {
                constants.Add(variable.Name);
            }
        }

        return constants;
    }

    /// <summary>Whether <paramref name="value"/> is floating-point arithmetic on constants: it cannot throw.</summary>
    public static bool IsHoistable(Expr value, HashSet<string> constants)
    {
        foreach (Expr node in IrWalk.Nodes(value))
        {
            bool safe = node switch
            {
                VariableExpr variable => constants.Contains(variable.Name),
                LiteralExpr => true,
                UnaryExpr or BinaryExpr => node.Type.IsFloating,
                ConvertExpr conversion => !conversion.IsChecked && (conversion.Type.IsFloating || conversion.Operand.Type.Kind == ValueKind.Integral),
                _ => false,
            };
            if (!safe)
            {
                return false;
            }
        }

        return true;
    }
}
