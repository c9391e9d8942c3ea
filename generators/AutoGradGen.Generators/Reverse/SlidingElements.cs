using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// Carries an element from one reverse iteration to the next in a local. The reverse of a stencil
/// such as <c>k[i] = r[i - 1] * s[i - 1] - r[i] * s[i]</c> runs i downwards and accumulates into
/// <c>sBar[i - 1]</c> and <c>sBar[i]</c>: the element one iteration adds to at <c>i - 1</c> is the one
/// the next adds to at <c>i</c>, so every iteration waited for the previous one's store. Here the
/// element shared by consecutive iterations stays in a local (<c>sBarCarried</c>), the element seen for
/// the first time is loaded once (<c>sBarAhead</c>), and each element is stored once, when no later
/// iteration touches it.
/// </summary>
/// <remarks>
/// The loop's counter must step by ±1 as the body's first statement (comments aside) and change
/// nowhere else; every mention of the array in the body must be an element at <c>counter + δ</c> for
/// exactly two offsets one step apart (the later iteration's offset is the earlier one's minus the
/// step), each touched unconditionally at the top level of the body, and none passed by <c>ref</c>.
/// Arrays qualify as for <see cref="ScalarPromotion"/>. Each element sees the same operations in the
/// same order, so results are unchanged bit for bit.
/// </remarks>
internal static class SlidingElements
{
    /// <summary>
    /// Rewrites the loop's body for every qualifying array; adds the loads to run before the loop to
    /// <paramref name="before"/> and the stores to run after it to <paramref name="after"/> (both only when it runs).
    /// </summary>
    public static RepeatStmt Slide(RepeatStmt loop, HashSet<string> candidates, NameScope names, List<Stmt> before, List<Stmt> after)
    {
        int stepAt = 0;
        while (stepAt < loop.Body.Count && loop.Body[stepAt] is CommentStmt)
        {
            stepAt++;
        }

        if (stepAt == loop.Body.Count || StepOf(loop.Body[stepAt]) is not (string counter, int step))
        {
            return loop;
        }

        var assignments = new Dictionary<string, int>();
        foreach (string name in SweepWalk.AllStatements(loop.Body).SelectMany(SweepWalk.AssignedNames))
        {
            assignments[name] = assignments.TryGetValue(name, out int count) ? count + 1 : 1;
        }

        if (assignments[counter] != 1)
        {
            return loop;
        }

        Dictionary<string, int> offsets = IndexAliases(loop.Body, counter, assignments);
        EquatableArray<Stmt> body = loop.Body;
        foreach (string array in candidates.OrderBy(name => name, System.StringComparer.Ordinal))
        {
            if (!TwoNeighbouringOffsets(body, array, counter, step, offsets, out int first, out TypeRef? elementType))
            {
                continue;
            }

            int later = first - step;
            var arrayExpr = new VariableExpr(new TypeRef(elementType!.Name + "[]", ValueKind.Array, elementType), array);
            var run = new VariableExpr(elementType, names.Fresh(array + "Carried"));
            var ahead = new VariableExpr(elementType, names.Fresh(array + "Ahead"));
            var counterExpr = new VariableExpr(TypeRef.Int32, counter);

            // Before the loop: the element the first iteration reaches at the later offset.
            before.Add(new DeclareStmt(elementType, run.Name, Element(arrayExpr, Offset(counterExpr, step + later), elementType)));
            Expr aheadStart = StoredFirst(body, array, counter, offsets, first)
                ? Ir.Zero(elementType) // its first touch stores it: the element's old value is never read
                : Element(arrayExpr, Offset(counterExpr, first), elementType);
            List<Stmt> rewritten = Replace(body, array, counter, offsets, first, later, run, ahead);
            rewritten.Insert(stepAt + 1, new DeclareStmt(elementType, ahead.Name, aheadStart));
            rewritten.Add(new ElementAssignStmt(arrayExpr, Offset(counterExpr, later), elementType, run, null, IsForwardChecked: true));
            rewritten.Add(new AssignStmt(run.Name, elementType, ahead, null));
            body = rewritten.ToEquatableArray();

            // After the loop: the last iteration's element at the earlier offset.
            after.Add(new ElementAssignStmt(arrayExpr, Offset(counterExpr, first), elementType, run, null, IsForwardChecked: true));
        }

        return loop with { Body = body };
    }

    /// <summary>
    /// Whether the body's first touch of the element at <paramref name="first"/> is a store at the top
    /// level (<see cref="StoredAdjoints"/>) whose value does not read the array.
    /// </summary>
    private static bool StoredFirst(EquatableArray<Stmt> body, string array, string counter, Dictionary<string, int> offsets, int first)
    {
        foreach (Stmt statement in body)
        {
            bool touches = SweepWalk.AllStatements(new[] { statement })
                .SelectMany(each => Touches(each, array))
                .Any(touch => touch.Index is null || OffsetFrom(touch.Index, counter, offsets) == first);
            if (!touches)
            {
                continue;
            }

            return statement is ElementAssignStmt element && IsArray(element.Array, array)
                && OffsetFrom(element.Index, counter, offsets) == first
                && !IrWalk.Mentions(element.Value, array) && !IrWalk.Mentions(element.Index, array);
        }

        return false;
    }

    /// <summary><c>counter = counter ± 1</c>: the counter and its step.</summary>
    private static (string, int)? StepOf(Stmt statement) => statement switch
    {
        AssignStmt { Value: BinaryExpr { Left: VariableExpr variable, Right: LiteralExpr { Text: "1" } } step } assignment
            when step.Operator is "+" or "-" && variable.Name == assignment.Target && assignment.TargetType.Kind == ValueKind.Integral
            => (assignment.Target, step.Operator == "+" ? 1 : -1),
        _ => null,
    };

    /// <summary>Top-level locals the body sets once to <c>counter ± k</c> (shared indices): name → offset.</summary>
    internal static Dictionary<string, int> IndexAliases(EquatableArray<Stmt> body, string counter, Dictionary<string, int> assignments)
    {
        var aliases = new Dictionary<string, int>();
        foreach (Stmt statement in body)
        {
            (string? name, Expr? value) = statement switch
            {
                DeclareStmt declaration => (declaration.Name, declaration.Initializer),
                AssignStmt assignment => (assignment.Target, assignment.Value),
                _ => (null, null),
            };
            if (name is not null && value is not null && name != counter
                && OffsetFrom(value, counter, aliases) is int offset
                && assignments[name] == 1)
            {
                aliases[name] = offset;
            }
        }

        return aliases;
    }

    /// <summary>The δ of an index <c>counter + δ</c> (directly, through an alias, or <c>counter ± literal</c>), or null.</summary>
    internal static int? OffsetFrom(Expr index, string counter, Dictionary<string, int> aliases) => index switch
    {
        VariableExpr variable when variable.Name == counter => 0,
        VariableExpr variable when aliases.TryGetValue(variable.Name, out int offset) => offset,
        BinaryExpr { Left: VariableExpr variable, Right: LiteralExpr literal } sum
            when sum.Operator is "+" or "-" && variable.Name == counter && int.TryParse(literal.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            => sum.Operator == "+" ? k : -k,
        _ => null,
    };

    /// <summary>
    /// True when every mention of <paramref name="array"/> is an element at one of two offsets, the
    /// earlier-touched <paramref name="first"/> and <c>first − step</c>, both touched unconditionally.
    /// </summary>
    private static bool TwoNeighbouringOffsets(
        EquatableArray<Stmt> body, string array, string counter, int step, Dictionary<string, int> offsets, out int first, out TypeRef? elementType)
    {
        first = 0;
        elementType = null;
        var seen = new HashSet<int>();
        foreach (Stmt statement in SweepWalk.AllStatements(body))
        {
            foreach ((Expr? index, TypeRef? type) in Touches(statement, array))
            {
                if (index is null || OffsetFrom(index, counter, offsets) is not int offset)
                {
                    return false;
                }

                seen.Add(offset);
                elementType ??= type;
            }
        }

        // Reads alone carry no chain from one iteration to the next: only arrays the loop writes move.
        // An element passed by ref (to a callee's pullback) stays in memory: a ref to the local would
        // keep the JIT from holding it in a register.
        bool passedByReference = SweepWalk.AllStatements(body).SelectMany(statement => SweepWalk.OwnExpressions(statement))
            .Any(expression => SweepWalk.PassesElementByReference(expression, array));
        bool written = SweepWalk.AllStatements(body).Any(statement => statement switch
        {
            AccumulateElementStmt accumulation => IsArray(accumulation.Array, array),
            ElementAssignStmt element => IsArray(element.Array, array),
            _ => false,
        });
        if (seen.Count != 2 || elementType is null || !elementType.IsFloating || !written || passedByReference)
        {
            return false;
        }

        // The pair is {first, first − step}: with a downward step (−1), first is the smaller offset.
        int low = seen.Min();
        int high = seen.Max();
        if (high - low != 1)
        {
            return false;
        }

        first = step < 0 ? low : high;
        var unconditional = new HashSet<int>();
        foreach (Stmt statement in body)
        {
            foreach ((Expr? index, TypeRef? _) in Touches(statement, array, topLevelOnly: true))
            {
                unconditional.Add(OffsetFrom(index!, counter, offsets)!.Value);
            }
        }

        return unconditional.Count == 2;
    }

    /// <summary>
    /// The element indices at which a statement touches <paramref name="array"/> (its own expressions,
    /// not nested statements'); a null index marks a mention that is not an element access.
    /// With <paramref name="topLevelOnly"/>, only touches the statement always makes.
    /// </summary>
    private static IEnumerable<(Expr? Index, TypeRef? Type)> Touches(Stmt statement, string array, bool topLevelOnly = false)
    {
        switch (statement)
        {
            case AccumulateElementStmt accumulation when IsArray(accumulation.Array, array):
                yield return (accumulation.Index, accumulation.Value.Type);
                break;
            case ElementAssignStmt element when IsArray(element.Array, array):
                yield return (element.Index, element.ElementType);
                break;
        }

        IEnumerable<Expr> expressions = topLevelOnly
            ? SweepWalk.AlwaysEvaluated(statement)
            : SweepWalk.OwnExpressions(statement, exceptTarget: array);
        foreach (Expr expression in expressions)
        {
            foreach ((Expr? Index, TypeRef? Type) touch in ElementTouches(expression, array, topLevelOnly))
            {
                yield return touch;
            }
        }
    }

    private static IEnumerable<(Expr? Index, TypeRef? Type)> ElementTouches(Expr expression, string array, bool unconditionalOnly)
    {
        switch (expression)
        {
            case ElementExpr element when IsArray(element.Array, array):
                yield return (element.Index, element.Type);
                foreach ((Expr? Index, TypeRef? Type) inner in ElementTouches(element.Index, array, unconditionalOnly))
                {
                    yield return inner;
                }

                yield break;
            case VariableExpr variable when variable.Name == array:
                yield return (null, null);
                yield break;
            case InstanceMemberExpr { Member: "Length", Receiver: VariableExpr }:
                yield break;
        }

        IEnumerable<Expr> children = unconditionalOnly ? SweepWalk.UnconditionalChildren(expression) : IrWalk.Children(expression);
        foreach (Expr child in children)
        {
            foreach ((Expr? Index, TypeRef? Type) touch in ElementTouches(child, array, unconditionalOnly))
            {
                yield return touch;
            }
        }
    }

    private static List<Stmt> Replace(
        IEnumerable<Stmt> body, string array, string counter, Dictionary<string, int> offsets, int first, int later, VariableExpr run, VariableExpr ahead)
    {
        VariableExpr? LocalFor(Expr index) => OffsetFrom(index, counter, offsets) is int offset
            ? (offset == later ? run : offset == first ? ahead : null)
            : null;

        return IrRewriter.Rewrite(
            body,
            expression => expression is ElementExpr element && IsArray(element.Array, array) && LocalFor(element.Index) is { } local ? local : expression,
            statement => statement switch
            {
                AccumulateElementStmt accumulation when IsArray(accumulation.Array, array) && LocalFor(accumulation.Index) is { } local
                    => new AccumulateStmt(local.Name, accumulation.Value),
                ElementAssignStmt element when IsArray(element.Array, array) && LocalFor(element.Index) is { } local
                    => new AssignStmt(local.Name, local.Type, element.Value, null),
                _ => statement,
            });
    }

    private static ElementExpr Element(Expr array, Expr index, TypeRef type) => new(type, array, index, IsForwardChecked: true);

    private static Expr Offset(VariableExpr counter, int offset) => offset switch
    {
        0 => counter,
        > 0 => new BinaryExpr(TypeRef.Int32, "+", counter, new LiteralExpr(TypeRef.Int32, offset.ToString(CultureInfo.InvariantCulture))),
        _ => new BinaryExpr(TypeRef.Int32, "-", counter, new LiteralExpr(TypeRef.Int32, (-offset).ToString(CultureInfo.InvariantCulture))),
    };

    private static bool IsArray(Expr expression, string? array) => expression is VariableExpr variable && variable.Name == array;
}
