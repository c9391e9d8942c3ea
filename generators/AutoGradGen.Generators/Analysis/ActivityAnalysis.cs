using System.Collections.Generic;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;
using AutoGradGen.Generators.Reverse;

namespace AutoGradGen.Generators.Analysis;

/// <summary>
/// Activity analysis. A variable is <em>varied</em> when its value depends on a differentiable input
/// through operations with a nonzero derivative, <em>useful</em> when the result depends on it, and
/// <em>active</em> when both: only active variables get adjoints. The analysis is flow-insensitive (a
/// variable is active everywhere if it is active anywhere), which can only add adjoints that stay
/// zero, never lose a derivative. Integers and booleans are never varied: index arithmetic and
/// branch decisions are copied, not differentiated.
/// </summary>
internal sealed class ActivityAnalysis
{
    private ActivityAnalysis(HashSet<string> varied, HashSet<string> active)
    {
        Varied = varied;
        Active = active;
    }

    /// <summary>Variables that depend on a differentiable input.</summary>
    public HashSet<string> Varied { get; }

    /// <summary>Variables that are varied and useful: they carry adjoints.</summary>
    public HashSet<string> Active { get; }

    /// <param name="body">The normalized body.</param>
    /// <param name="variables">All variables; differentiable inputs seed the analysis.</param>
    /// <param name="resultVariable">The result: useful by definition.</param>
    /// <param name="outputs">Further useful variables (the output spans of a void kernel).</param>
    public static ActivityAnalysis Run(IReadOnlyList<Stmt> body, IEnumerable<Variable> variables, string resultVariable, IEnumerable<string>? outputs = null)
    {
        outputs ??= System.Array.Empty<string>();
        var varied = new HashSet<string>();
        foreach (Variable variable in variables)
        {
            if (variable.IsDifferentiableInput)
            {
                varied.Add(variable.Name);
            }
        }

        var assignments = new List<Assignment>();
        CollectWrites(body, assignments);

        // Forward: a floating target (a variable, or an array through one of its elements) of a varied expression is varied.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (Assignment assignment in assignments)
            {
                if (assignment.CarriesDerivative && !varied.Contains(assignment.Root) && IsVaried(assignment.Value, varied))
                {
                    varied.Add(assignment.Root);
                    changed = true;
                }
            }
        }

        // Backward: what a useful target's value is computed from (along differentiable paths) is useful.
        var useful = new HashSet<string>(outputs) { resultVariable };
        changed = true;
        while (changed)
        {
            changed = false;
            foreach (Assignment assignment in assignments)
            {
                if (useful.Contains(assignment.Root))
                {
                    foreach (string name in DifferentiablePathVariables(assignment.Value))
                    {
                        changed |= useful.Add(name);
                    }
                }
            }
        }

        var active = new HashSet<string>(varied);
        active.IntersectWith(useful);
        return new ActivityAnalysis(varied, active);
    }

    /// <summary>True when <paramref name="expression"/> is floating and depends on a varied variable with nonzero derivative.</summary>
    public static bool IsVaried(Expr expression, HashSet<string> varied)
    {
        if (!expression.Type.CarriesDerivative)
        {
            return false;
        }

        switch (expression)
        {
            case VariableExpr variable:
                return varied.Contains(variable.Name);
            case ElementExpr or SliceExpr:
                return RootName(expression) is { } root && varied.Contains(root);
            case UnaryExpr unary:
                return IsVaried(unary.Operand, varied);
            case BinaryExpr binary:
                return IsVaried(binary.Left, varied) || IsVaried(binary.Right, varied);
            case ConditionalExpr conditional:
                return IsVaried(conditional.WhenTrue, varied) || IsVaried(conditional.WhenFalse, varied);
            case ConvertExpr conversion:
                return IsVaried(conversion.Operand, varied);
            case CallExpr call:
                if (call.Kind == CallKind.Intrinsic
                    && DerivativeRules.TryGet(MethodName(call.Target), call.Arguments.Count, out DerivativeRules.Rule rule)
                    && rule.IsPiecewiseConstant)
                {
                    return false;
                }

                for (int i = 0; i < call.Arguments.Count; i++)
                {
                    if (CarriesDerivative(call, i) && IsVaried(call.Arguments[i].Value, varied))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Floating variables read along paths where a derivative can flow.</summary>
    public static IEnumerable<string> DifferentiablePathVariables(Expr expression)
    {
        if (!expression.Type.CarriesDerivative)
        {
            yield break;
        }

        if (expression is ElementExpr or SliceExpr && RootName(expression) is { } root)
        {
            yield return root;
            yield break;
        }

        IEnumerable<Expr> children = expression switch
        {
            UnaryExpr unary => new[] { unary.Operand },
            BinaryExpr binary => new[] { binary.Left, binary.Right },
            ConditionalExpr conditional => new[] { conditional.WhenTrue, conditional.WhenFalse },
            ConvertExpr conversion => new[] { conversion.Operand },
            CallExpr call => DerivativeArguments(call),
            _ => System.Array.Empty<Expr>(),
        };
        if (expression is VariableExpr variable)
        {
            yield return variable.Name;
        }

        foreach (Expr child in children)
        {
            foreach (string name in DifferentiablePathVariables(child))
            {
                yield return name;
            }
        }
    }

    private static IEnumerable<Expr> DerivativeArguments(CallExpr call)
    {
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (CarriesDerivative(call, i))
            {
                yield return call.Arguments[i].Value;
            }
        }
    }

    /// <summary>Whether argument <paramref name="index"/> of the call can carry a derivative.</summary>
    public static bool CarriesDerivative(CallExpr call, int index) => call.Kind switch
    {
        CallKind.Differentiable => index < call.Callee!.ParameterIsDifferentiable.Count && call.Callee.ParameterIsDifferentiable[index],
        _ => call.Arguments[index].Value.Type.CarriesDerivative,
    };

    /// <summary>The simple name of a qualified method target (<c>global::System.Math.Sin</c> → <c>Sin</c>, <c>F&lt;double&gt;</c> → <c>F</c>).</summary>
    public static string MethodName(string target)
    {
        if (target.EndsWith(">", System.StringComparison.Ordinal))
        {
            // Cut the method's own type arguments (F<double>), not a generic owner's (Outer<int>.F).
            int depth = 0;
            for (int i = target.Length - 1; i >= 0; i--)
            {
                depth += target[i] == '>' ? 1 : target[i] == '<' ? -1 : 0;
                if (depth == 0)
                {
                    target = target.Substring(0, i);
                    break;
                }
            }
        }

        int dot = target.LastIndexOf('.');
        return dot < 0 ? target : target.Substring(dot + 1);
    }

    /// <summary>The variable an array access or slice ultimately reads (<c>c</c> for <c>c[k][j]</c>), or null.</summary>
    public static string? RootName(Expr expression) => expression switch
    {
        VariableExpr variable => variable.Name,
        ElementExpr element => RootName(element.Array),
        SliceExpr slice => RootName(slice.Array),
        _ => null,
    };

    /// <summary>A write as activity sees it: the variable written (the array, for an element) and the value.</summary>
    public readonly struct Assignment
    {
        public Assignment(string root, bool carriesDerivative, Expr value)
        {
            Root = root;
            CarriesDerivative = carriesDerivative;
            Value = value;
        }

        public string Root { get; }

        public bool CarriesDerivative { get; }

        public Expr Value { get; }
    }

    public static void CollectWrites(IEnumerable<Stmt> statements, List<Assignment> output)
    {
        foreach (Stmt statement in IrWalk.Statements(statements))
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    output.Add(new Assignment(assignment.Target, assignment.TargetType.CarriesDerivative, assignment.Value));
                    break;
                case ElementAssignStmt element when RootName(element.Array) is { } root:
                    output.Add(new Assignment(root, element.ElementType.IsFloating, element.Value));
                    break;
                case ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel }:
                    // A kernel call writes its outputs from all its differentiable arguments (outputs are in-out).
                    Expr sources = kernel with { Type = TypeRef.Double };
                    foreach (Expr written in KernelOutputs(kernel))
                    {
                        if (RootName(written) is { } writtenRoot)
                        {
                            output.Add(new Assignment(writtenRoot, true, sources));
                        }
                    }

                    break;
            }

            foreach (Expr expression in IrWalk.OwnExpressions(statement))
            {
                foreach ((string written, CallExpr call) in ArraysWrittenByValueCalls(expression))
                {
                    // Like a kernel's outputs: the array after the call is computed from every argument.
                    output.Add(new Assignment(written, true, call));
                }
            }
        }
    }

    /// <summary>
    /// The arrays carrying derivatives that calls in <paramref name="expression"/> to value-returning
    /// [Differentiable] callees in source may change (<c>double Normalize(double[] v)</c> scaling
    /// <c>v</c>), by root; their pullbacks take those arrays' adjoints in and out, as a kernel's. A
    /// <c>[DerivativeOf]</c> registration's target is taken to change none.
    /// </summary>
    public static IEnumerable<(string Root, CallExpr Call)> ArraysWrittenByValueCalls(Expr expression)
    {
        foreach (Expr node in IrWalk.Nodes(expression))
        {
            if (node is not CallExpr { Kind: CallKind.Differentiable, Callee: { IsKernel: false, IsRegistered: false } } call)
            {
                continue;
            }

            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (call.Arguments[i].MayBeWritten && CarriesDerivative(call, i) && RootName(call.Arguments[i].Value) is { } root)
                {
                    yield return (root, call);
                }
            }
        }
    }

    /// <summary>The arguments a kernel call writes: those passed for its output parameters.</summary>
    public static IEnumerable<Expr> KernelOutputs(CallExpr kernel)
    {
        for (int i = 0; i < kernel.Arguments.Count && i < kernel.Callee!.ParameterIsOutput.Count; i++)
        {
            if (kernel.Callee.ParameterIsOutput[i])
            {
                yield return kernel.Arguments[i].Value;
            }
        }
    }

    /// <summary>Every assignment to a variable, in all branches and loop bodies.</summary>
    public static void CollectAssignments(IEnumerable<Stmt> statements, List<AssignStmt> output)
    {
        foreach (Stmt statement in IrWalk.Statements(statements))
        {
            if (statement is AssignStmt assignment)
            {
                output.Add(assignment);
            }
        }
    }
}
