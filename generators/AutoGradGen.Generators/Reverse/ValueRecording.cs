using System;
using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Lowering;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// The values the reverse sweep reads. Each derivative rule reads some operand values (the other
/// factor of a product, the argument of sin) or its own result (exp, sqrt, tanh). This pass makes
/// every such value available as a variable: a compound operand is computed once in the forward
/// sweep into a named temporary (<c>double product = x * y; t = Math.Sin(product);</c>), so the
/// reverse sweep reads variables only, and the save analysis only has variables to protect.
/// </summary>
internal sealed class ValueRecording
{
    private readonly HashSet<string> varied;
    private readonly NameScope names;
    private readonly List<Variable> variables;
    private readonly Dictionary<string, int> assignmentCounts;

    private ValueRecording(HashSet<string> varied, NameScope names, List<Variable> variables, Dictionary<string, int> assignmentCounts)
    {
        this.varied = varied;
        this.names = names;
        this.variables = variables;
        this.assignmentCounts = assignmentCounts;
    }

    /// <summary>Splits each assignment that carries derivatives so that the values its rules read are variables.</summary>
    public static List<Stmt> Run(IReadOnlyList<Stmt> body, HashSet<string> varied, NameScope names, List<Variable> variables)
    {
        var assignments = new List<AssignStmt>();
        ActivityAnalysis.CollectAssignments(body, assignments);
        var counts = new Dictionary<string, int>();
        foreach (AssignStmt assignment in assignments)
        {
            counts[assignment.Target] = counts.TryGetValue(assignment.Target, out int n) ? n + 1 : 1;
        }

        return new ValueRecording(varied, names, variables, counts).RewriteList(body);
    }

    /// <summary>
    /// Calls <paramref name="onNeeded"/> for each operand of <paramref name="node"/> whose value the
    /// node's derivative rule reads, and tells whether the rule reads the node's own result.
    /// </summary>
    public static bool VisitNeededOperands(Expr node, HashSet<string> varied, Action<int> onNeeded)
    {
        switch (node)
        {
            case BinaryExpr { Operator: "*" } product:
                if (ActivityAnalysis.IsVaried(product.Right, varied))
                {
                    onNeeded(0);
                }

                if (ActivityAnalysis.IsVaried(product.Left, varied))
                {
                    onNeeded(1);
                }

                return false;

            case BinaryExpr { Operator: "/" or "%" } quotient:
                bool rightVaried = ActivityAnalysis.IsVaried(quotient.Right, varied);
                if (rightVaried)
                {
                    onNeeded(0);
                }

                if (rightVaried || (quotient.Operator == "/" && ActivityAnalysis.IsVaried(quotient.Left, varied)))
                {
                    onNeeded(1);
                }

                return false;

            case CallExpr { Kind: CallKind.Intrinsic } call:
                if (!ActivityAnalysis.IsVaried(call, varied)
                    || !DerivativeRules.TryGet(ActivityAnalysis.MethodName(call.Target), call.Arguments.Count, out DerivativeRules.Rule rule))
                {
                    return false;
                }

                if (rule.NeedsArguments)
                {
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        onNeeded(i);
                    }
                }

                return rule.NeedsResult;

            case CallExpr { Kind: CallKind.Differentiable } call:
                if (ActivityAnalysis.IsVaried(call, varied))
                {
                    // The pullback re-runs the callee: it needs every argument.
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        onNeeded(i);
                    }
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>The operands of a node, in the order <see cref="VisitNeededOperands"/> numbers them.</summary>
    public static Expr Operand(Expr node, int index) => node switch
    {
        BinaryExpr binary => index == 0 ? binary.Left : binary.Right,
        CallExpr call => call.Arguments[index].Value,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Variables, literals and constants need no temporary: the reverse sweep reads them directly.</summary>
    public static bool IsLeaf(Expr expression) => expression switch
    {
        VariableExpr or LiteralExpr or StaticMemberExpr or DefaultExpr => true,
        ConvertExpr conversion => IsLeaf(conversion.Operand),
        // An element (or a slice) is read again in the reverse sweep, where its array and index hold
        // the values they held here (the save/restore discipline guarantees it).
        ElementExpr element => IsLeaf(element.Array) && IsPureIndex(element.Index),
        SliceExpr slice => IsLeaf(slice.Array) && IsPureIndex(slice.Start) && IsPureIndex(slice.Length),
        _ => false,
    };

    /// <summary>Integer arithmetic over variables, constants and lengths: safe to evaluate again.</summary>
    public static bool IsPureIndex(Expr index) => index switch
    {
        VariableExpr or LiteralExpr or StaticMemberExpr => true,
        InstanceMemberExpr { Member: "Length" } length => IsLeaf(length.Receiver),
        BinaryExpr binary => IsPureIndex(binary.Left) && IsPureIndex(binary.Right),
        UnaryExpr unary => IsPureIndex(unary.Operand),
        ConvertExpr conversion => IsPureIndex(conversion.Operand),
        ElementExpr element => IsLeaf(element),
        _ => false,
    };

    private List<Stmt> RewriteList(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment when assignment.TargetType.IsFloating && ActivityAnalysis.IsVaried(assignment.Value, varied):
                    bool targetHoldsResult = assignmentCounts.TryGetValue(assignment.Target, out int count) && count == 1
                        && variables.Find(v => v.Name == assignment.Target)?.Role is VariableRole.Local or VariableRole.Temporary;
                    Expr value = Record(assignment.Value, targetHoldsResult, output, assignment.Source);
                    output.Add(assignment with { Value = value });
                    break;

                case ElementAssignStmt element:
                    // The target first, as C# evaluates it; the reverse sweep addresses it again.
                    ElementExpr target = NameCalledIndices(new ElementExpr(element.ElementType, element.Array, element.Index), output, element.Source);
                    Expr elementValue = element.ElementType.IsFloating && ActivityAnalysis.IsVaried(element.Value, varied)
                        ? Record(element.Value, false, output, element.Source)
                        : NameArgumentsOfChangingCalls(element.Value, mayNotRun: false, output, element.Source);
                    output.Add(element with { Array = target.Array, Index = target.Index, Value = elementValue });
                    break;

                case IfStmt branch:
                    output.Add(branch with
                    {
                        Condition = NameArgumentsOfChangingCalls(branch.Condition, mayNotRun: false, output, branch.Source),
                        Then = RewriteList(branch.Then).ToEquatableArray(),
                        Else = RewriteList(branch.Else).ToEquatableArray(),
                    });
                    break;

                case LoopStmt loop:
                    output.Add(loop with { Body = RewriteList(loop.Body).ToEquatableArray() });
                    break;

                case ExpressionStmt { Expression: CallExpr { Callee.IsKernel: true } kernel } call:
                    // The kernel's pullback runs it again on the same arguments: each must be a leaf.
                    var arguments = new List<Argument>();
                    foreach (Argument argument in kernel.Arguments)
                    {
                        arguments.Add(argument with { Value = Materialize(argument.Value, output, call.Source) });
                    }

                    output.Add(call with { Expression = kernel with { Arguments = arguments.ToEquatableArray() } });
                    break;

                case AssignStmt assignment:
                    output.Add(assignment with { Value = NameArgumentsOfChangingCalls(assignment.Value, mayNotRun: false, output, assignment.Source) });
                    break;

                case ExpressionStmt expression:
                    output.Add(expression with { Expression = NameArgumentsOfChangingCalls(expression.Expression, mayNotRun: false, output, expression.Source) });
                    break;

                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>
    /// Names the arguments that call something (beyond Math) of each call to a [Differentiable] callee
    /// that changes an array carrying derivatives, where no recorded value named them: in a condition,
    /// a dropped result, an integer. Its pullback may run with a zero seed (AdjointBuilder) on the
    /// arguments as written, and a call run again may not give the same argument. A call that may not
    /// run (right of <c>&amp;&amp;</c>, a <c>?:</c> branch) is left alone: that is AGG0015 already.
    /// </summary>
    private Expr NameArgumentsOfChangingCalls(Expr node, bool mayNotRun, List<Stmt> before, string? source)
    {
        switch (node)
        {
            case ConditionalExpr conditional:
                return conditional with
                {
                    Condition = NameArgumentsOfChangingCalls(conditional.Condition, mayNotRun, before, source),
                    WhenTrue = NameArgumentsOfChangingCalls(conditional.WhenTrue, true, before, source),
                    WhenFalse = NameArgumentsOfChangingCalls(conditional.WhenFalse, true, before, source),
                };
            case BinaryExpr binary:
                Expr left = NameArgumentsOfChangingCalls(binary.Left, mayNotRun, before, source);
                return binary with { Left = left, Right = NameArgumentsOfChangingCalls(binary.Right, mayNotRun || binary.Operator is "&&" or "||", before, source) };
            case UnaryExpr unary:
                return unary with { Operand = NameArgumentsOfChangingCalls(unary.Operand, mayNotRun, before, source) };
            case ConvertExpr conversion:
                return conversion with { Operand = NameArgumentsOfChangingCalls(conversion.Operand, mayNotRun, before, source) };
            case CallExpr call:
                bool changes = !mayNotRun && ChangesVariedArray(call);
                var arguments = new List<Argument>();
                foreach (Argument argument in call.Arguments)
                {
                    Expr value = NameArgumentsOfChangingCalls(argument.Value, mayNotRun, before, source);
                    if (changes && value is ElementExpr element)
                    {
                        value = NameCalledIndices(element, before, source); // its adjoint goes to the same element
                    }

                    if (changes && value.Type.Kind != ValueKind.Array && IrWalk.CallsBeyondMath(value))
                    {
                        value = NameInTemporary(value, SuggestName(value), before, source);
                    }

                    arguments.Add(argument with { Value = value });
                }

                return call with { Arguments = arguments.ToEquatableArray() };
            default:
                return node;
        }
    }

    private bool ChangesVariedArray(CallExpr call)
    {
        foreach ((string root, CallExpr writer) in ActivityAnalysis.ArraysWrittenByValueCalls(call))
        {
            if (ReferenceEquals(writer, call) && varied.Contains(root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rewrites children first (evaluation order), then names the needed operands and, if read, the node's result.</summary>
    private Expr Record(Expr node, bool isRoot, List<Stmt> before, string? source)
    {
        if (!ActivityAnalysis.IsVaried(node, varied))
        {
            return node;
        }

        Expr rewritten = node switch
        {
            UnaryExpr unary => unary with { Operand = Record(unary.Operand, false, before, source) },
            ConvertExpr conversion => conversion with { Operand = Record(conversion.Operand, false, before, source) },
            BinaryExpr binary => RecordBinary(binary, before, source),
            CallExpr call => RecordCall(call, before, source),
            ElementExpr element => NameCalledIndices(element, before, source),
            _ => node,
        };

        bool needsResult = VisitNeededOperands(rewritten, varied, _ => { });
        return needsResult && !isRoot ? Materialize(rewritten, before, source) : rewritten;
    }

    private Expr RecordBinary(BinaryExpr binary, List<Stmt> before, string? source)
    {
        Expr left = Record(binary.Left, false, before, source);
        Expr right = Record(binary.Right, false, before, source);
        var needed = new bool[2];
        VisitNeededOperands(binary, varied, i => needed[i] = true);
        if (needed[0])
        {
            left = Materialize(left, before, source);
        }

        if (needed[1])
        {
            right = Materialize(right, before, source);
        }

        return binary with { Left = left, Right = right };
    }

    private Expr RecordCall(CallExpr call, List<Stmt> before, string? source)
    {
        var needed = new bool[call.Arguments.Count];
        VisitNeededOperands(call, varied, i => needed[i] = true);
        var arguments = new List<Argument>();
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            Expr value = Record(call.Arguments[i].Value, false, before, source);
            if (needed[i])
            {
                value = Materialize(value, before, source);
            }

            arguments.Add(call.Arguments[i] with { Value = value });
        }

        return call with { Arguments = arguments.ToEquatableArray() };
    }

    /// <summary>
    /// An element whose index (or jagged row's index, or slice's bounds) calls something, with that computed once
    /// into a temporary: the reverse sweep addresses the element's adjoint again, and a call run twice
    /// may not give the same index (a callee that changes the array it reads does not).
    /// </summary>
    private ElementExpr NameCalledIndices(ElementExpr element, List<Stmt> before, string? source)
    {
        Expr array = element.Array switch
        {
            ElementExpr { Type.Kind: ValueKind.Array } row when IrWalk.CallsBeyondMath(row.Index) => row with { Index = NameInTemporary(row.Index, "row", before, source) },
            SliceExpr slice when IrWalk.CallsBeyondMath(slice.Start) || IrWalk.CallsBeyondMath(slice.Length) => slice with
            {
                Start = IrWalk.CallsBeyondMath(slice.Start) ? NameInTemporary(slice.Start, "start", before, source) : slice.Start,
                Length = IrWalk.CallsBeyondMath(slice.Length) ? NameInTemporary(slice.Length, "length", before, source) : slice.Length,
            },
            _ => element.Array,
        };
        Expr index = IrWalk.CallsBeyondMath(element.Index) ? NameInTemporary(element.Index, "index", before, source) : element.Index;
        return element with { Array = array, Index = index };
    }

    /// <summary>Computes <paramref name="value"/> into a fresh temporary (unless it is already a leaf).</summary>
    private Expr Materialize(Expr value, List<Stmt> before, string? source)
    {
        if (IsLeaf(value))
        {
            return value;
        }

        // A slice or a jagged row is a view of its array: in a temporary, later changes of the array
        // (element writes, calls that change it) would reach it under another name, unseen by the
        // save analysis. Only its bounds are named.
        switch (value)
        {
            case SliceExpr slice when IsLeaf(slice.Array) || IsRowOfLeaf(slice.Array):
                // A bound that reads the row (rows[Pick()].AsSpan(1): length rows[Pick()].Length − 1) reads the named one.
                Expr sliced = RowWithNamedIndex(slice.Array, before, source);
                Expr start = MaterializeIndex(Reread(slice.Start, slice.Array, sliced), "start", before, source);
                return slice with { Array = sliced, Start = start, Length = MaterializeIndex(Reread(slice.Length, slice.Array, sliced), "length", before, source) };
            case ElementExpr row when IsRowOfLeaf(row):
                return RowWithNamedIndex(row, before, source);
        }

        return NameInTemporary(value, SuggestName(value), before, source);
    }

    /// <summary>Computes <paramref name="value"/> into a fresh temporary before the statement.</summary>
    private VariableExpr NameInTemporary(Expr value, string suggestedName, List<Stmt> before, string? source)
    {
        string name = names.Fresh(suggestedName);
        variables.Add(new Variable(name, value.Type, VariableRole.Temporary, false));
        if (ActivityAnalysis.IsVaried(value, varied))
        {
            varied.Add(name);
        }

        before.Add(new AssignStmt(name, value.Type, value, source));
        return new VariableExpr(value.Type, name);
    }

    private static Expr Reread(Expr bound, Expr row, Expr named)
        => ReferenceEquals(row, named) ? bound : IrRewriter.Rewrite(bound, node => node == row ? named : node);

    private static bool IsRowOfLeaf(Expr array) => array is ElementExpr { Type.Kind: ValueKind.Array } row && IsLeaf(row.Array);

    /// <summary>A jagged row <c>c[k]</c> of an array variable with its index in a temporary if it is not pure; anything else unchanged.</summary>
    private Expr RowWithNamedIndex(Expr array, List<Stmt> before, string? source)
        => IsRowOfLeaf(array) ? ((ElementExpr)array) with { Index = MaterializeIndex(((ElementExpr)array).Index, "row", before, source) } : array;

    private Expr MaterializeIndex(Expr index, string suggestedName, List<Stmt> before, string? source)
        => IsPureIndex(index) ? index : NameInTemporary(index, suggestedName, before, source);

    private static string SuggestName(Expr value) => value switch
    {
        BinaryExpr { Operator: "*" } => "product",
        BinaryExpr { Operator: "/" } => "quotient",
        BinaryExpr { Operator: "+" } => "sum",
        BinaryExpr { Operator: "-" } => "difference",
        BinaryExpr { Operator: "%" } => "remainder",
        UnaryExpr => "negated",
        ConvertExpr => "converted",
        CallExpr call => CamelCase(ActivityAnalysis.MethodName(call.Target)),
        InstanceMemberExpr member => CamelCase(member.Member),
        ElementExpr => "element",
        _ => "value",
    };

    private static string CamelCase(string name)
    {
        int angle = name.IndexOf('<');
        if (angle > 0)
        {
            name = name.Substring(0, angle);
        }

        return name.Length == 0 ? "value" : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
