using AutoGradGen.Generators.Helpers;

namespace AutoGradGen.Generators.Models;

// The intermediate representation: a small, structured subset of C# with every name resolved to a
// string (types as global::-qualified text). It is built by Lowering from Roslyn operations, rewritten
// by Analysis and Reverse, and printed by Emit. Every node is a record, so whole programs compare by
// value and can live in the incremental pipeline's model.

/// <summary>What a value is, as far as differentiation cares.</summary>
internal enum ValueKind
{
    Double,
    Single,
    Integral,
    Boolean,
    Other,
    Void,

    /// <summary>A method type parameter <c>T : IFloatingPointIeee754&lt;T&gt;</c>: floating, printed through generic math.</summary>
    Generic,

    /// <summary>A one-dimensional array, <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>; see <see cref="TypeRef.Element"/>.</summary>
    Array,
}

/// <summary>
/// A type: its C# text (<c>double</c>, <c>global::System.String</c>) and its kind; for arrays and spans
/// also the element type and whether it is a span (<see cref="IsSpan"/>) rather than a <c>T[]</c>.
/// </summary>
internal sealed record TypeRef(string Name, ValueKind Kind, TypeRef? Element = null, bool IsSpan = false)
{
    public static readonly TypeRef Double = new("double", ValueKind.Double);
    public static readonly TypeRef Single = new("float", ValueKind.Single);
    public static readonly TypeRef Boolean = new("bool", ValueKind.Boolean);
    public static readonly TypeRef Int32 = new("int", ValueKind.Integral);
    public static readonly TypeRef Void = new("void", ValueKind.Void);

    /// <summary>True for <c>double</c>, <c>float</c> and floating type parameters: the only scalars that carry derivatives.</summary>
    public bool IsFloating => Kind is ValueKind.Double or ValueKind.Single or ValueKind.Generic;

    /// <summary>The floating type at the bottom of an array (jagged or not), or null.</summary>
    public TypeRef? FloatingElement => Kind == ValueKind.Array ? (Element!.IsFloating ? Element : Element.FloatingElement) : null;

    /// <summary>Arrays and spans of floating values (also jagged ones): they get adjoint arrays.</summary>
    public bool IsFloatingArray => FloatingElement is not null;

    /// <summary>True for values that can carry a derivative: floating scalars and floating arrays.</summary>
    public bool CarriesDerivative => IsFloating || IsFloatingArray;

    /// <summary>Array nesting depth: 1 for <c>double[]</c>, 2 for <c>double[][]</c>.</summary>
    public int Rank => Kind == ValueKind.Array ? 1 + Element!.Rank : 0;

    public override string ToString() => Name;
}

// ---------------------------------------------------------------- expressions

internal abstract record Expr(TypeRef Type);

/// <summary>A literal, kept as C# text (<c>2.0</c>, <c>1e-8f</c>, <c>"text"</c>).</summary>
internal sealed record LiteralExpr(TypeRef Type, string Text) : Expr(Type);

/// <summary>A parameter or local of the method, by its (unique) name.</summary>
internal sealed record VariableExpr(TypeRef Type, string Name) : Expr(Type);

/// <summary>A static field or property, by its qualified text (<c>global::System.Math.PI</c>).</summary>
internal sealed record StaticMemberExpr(TypeRef Type, string Text) : Expr(Type);

/// <summary>An instance field or property read: <c>Receiver.Member</c>.</summary>
internal sealed record InstanceMemberExpr(TypeRef Type, Expr Receiver, string Member) : Expr(Type);

internal sealed record UnaryExpr(TypeRef Type, string Operator, Expr Operand) : Expr(Type);

internal sealed record BinaryExpr(TypeRef Type, string Operator, Expr Left, Expr Right) : Expr(Type);

internal sealed record ConditionalExpr(TypeRef Type, Expr Condition, Expr WhenTrue, Expr WhenFalse) : Expr(Type);

/// <summary>An explicit or implicit conversion, always printed as a cast.</summary>
internal sealed record ConvertExpr(TypeRef Type, Expr Operand, bool IsChecked) : Expr(Type);

internal sealed record DefaultExpr(TypeRef Type) : Expr(Type);

/// <summary>
/// <c>Array[Index]</c> on an array or span (a jagged row is an element too). <see cref="IsForwardChecked"/>
/// marks an access in the reverse sweep whose index the forward sweep already used on the same array
/// (or on its primal, whose adjoint is at least as long): it may be printed without a bounds check.
/// </summary>
internal sealed record ElementExpr(TypeRef Type, Expr Array, Expr Index, bool IsForwardChecked = false) : Expr(Type);

/// <summary><c>new T[Length]</c> (or <c>stackalloc T[Length]</c> when <see cref="IsStackAlloc"/>).</summary>
internal sealed record NewArrayExpr(TypeRef Type, Expr Length, bool IsStackAlloc) : Expr(Type);

/// <summary>A slice <c>Array.AsSpan(Start, Length)</c>, <c>.Slice(Start, Length)</c> or a range, as a span.</summary>
internal sealed record SliceExpr(TypeRef Type, Expr Array, Expr Start, Expr Length) : Expr(Type);

/// <summary><c>new T(args)</c>: only ever inactive (exception messages, helper objects).</summary>
internal sealed record NewObjectExpr(TypeRef Type, EquatableArray<Argument> Arguments) : Expr(Type);

/// <summary>An interpolated string: literal parts and holes, in order.</summary>
internal sealed record InterpolatedStringExpr(TypeRef Type, EquatableArray<InterpolationPart> Parts) : Expr(Type);

internal sealed record InterpolationPart(string? Text, Expr? Hole, string? Alignment, string? Format);

internal enum CallKind
{
    /// <summary>A Math/MathF/double/float function with a derivative rule in the table.</summary>
    Intrinsic,

    /// <summary>A <c>[Differentiable]</c> method: chained through its generated pullback.</summary>
    Differentiable,

    /// <summary>Anything else: may only be called with inactive arguments.</summary>
    Opaque,
}

/// <summary>
/// A call. <see cref="Target"/> is the qualified method text for a static call, the method name for
/// an instance call (then <see cref="Receiver"/> is set) and the rule name for an intrinsic.
/// <see cref="Site"/> indexes the lowering's table of source locations, for diagnostics.
/// </summary>
internal sealed record CallExpr(
    TypeRef Type,
    CallKind Kind,
    string Target,
    Expr? Receiver,
    EquatableArray<Argument> Arguments,
    DifferentiableCallee? Callee,
    int Site) : Expr(Type);

/// <summary>
/// An argument with its <c>ref</c>/<c>out</c>/<c>in</c> prefix ("" when passed by value).
/// <see cref="MayBeWritten"/>: the parameter lets the callee change the elements of an array passed
/// for it (an array, <c>Span&lt;T&gt;</c>, <c>Memory&lt;T&gt;</c>, a mutable collection interface;
/// <see cref="Lowering.Types.MayWriteElements(Microsoft.CodeAnalysis.IParameterSymbol?)"/>) and, for a
/// <c>[Differentiable]</c> callee in source, the callee does use it so (<see cref="Lowering.ParameterWrites"/>).
/// </summary>
internal sealed record Argument(Expr Value, string RefPrefix, bool MayBeWritten = false);

/// <summary>How to chain through a <c>[Differentiable]</c> callee: its pullback and which parameters get adjoints.</summary>
/// <remarks>
/// A kernel (a void method writing output spans) has no seed: its pullback takes the outputs'
/// adjoints in place of one. <see cref="ParameterIsOutput"/> marks its outputs.
/// <see cref="ParameterIsSpan"/> marks <c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c> parameters: an array
/// passed for one cannot be kept by the callee (a span cannot live on the heap).
/// <see cref="IsRegistered"/>: the pullback is a user's <c>[DerivativeOf]</c> registration, whose
/// target (unless a kernel) is taken to leave its differentiable arrays as they were.
/// </remarks>
internal sealed record DifferentiableCallee(
    string PullbackTarget,
    EquatableArray<bool> ParameterIsDifferentiable,
    EquatableArray<string> ParameterNames,
    bool IsKernel = false,
    EquatableArray<bool> ParameterIsOutput = default,
    EquatableArray<bool> ParameterIsSpan = default,
    bool IsRegistered = false);

// ---------------------------------------------------------------- statements

/// <summary>A statement; <see cref="Source"/> is the C# text it mirrors (for comments), or null.</summary>
internal abstract record Stmt(string? Source);

/// <summary><c>Target = Value;</c> for a parameter or local (declarations are hoisted).</summary>
internal sealed record AssignStmt(string Target, TypeRef TargetType, Expr Value, string? Source) : Stmt(Source);

/// <summary><c>Array[Index] = Value;</c> for an element of an array or span (Array may be a jagged row).</summary>
internal sealed record ElementAssignStmt(Expr Array, Expr Index, TypeRef ElementType, Expr Value, string? Source, bool IsForwardChecked = false) : Stmt(Source);

/// <summary>
/// A loop in canonical form: while <see cref="Condition"/> holds, run <see cref="Body"/> (which ends
/// with the <c>for</c> loop's increments). <see cref="IsDoWhile"/> runs the body once before testing.
/// Before normalization the body may hold <see cref="BreakStmt"/>/<see cref="ContinueStmt"/>; after it,
/// breaks set a flag tested by the condition and continues are gone.
/// </summary>
internal sealed record LoopStmt(Expr Condition, EquatableArray<Stmt> Body, EquatableArray<Stmt> Step, bool IsDoWhile, string? Source) : Stmt(Source);

internal sealed record BreakStmt() : Stmt((string?)null);

internal sealed record ContinueStmt() : Stmt((string?)null);

/// <summary>A counted loop in generated code: <c>for (int Counter = 0; Counter &lt; Count; Counter++)</c>.</summary>
internal sealed record RepeatStmt(string Counter, Expr Count, EquatableArray<Stmt> Body) : Stmt((string?)null);

/// <summary>
/// Generated code: push <see cref="Value"/> on the value tape <see cref="Tape"/> (a pooled array with
/// its count in <c>{Tape}Count</c>), growing it when full. Written out inline so that the JIT keeps
/// the tape's array and count in registers.
/// </summary>
internal sealed record PushStmt(string Tape, Expr Value, bool IsChecked = true) : Stmt((string?)null);

/// <summary>
/// Generated code: make room for <see cref="Count"/> more values on <see cref="Tape"/> before a loop
/// whose trip count is bounded on entry, so the pushes inside need no capacity check — and the loop
/// body no call, which would force its floating-point values out of registers.
/// </summary>
internal sealed record ReserveStmt(string Tape, Expr Count) : Stmt((string?)null);

/// <summary>Generated code: the value pushed last on <see cref="Tape"/>, popped (every pop matches a push, see <see cref="ElementExpr.IsForwardChecked"/>).</summary>
internal sealed record PopExpr(TypeRef Type, string Tape, bool IsForwardChecked = false) : Expr(Type);

/// <summary>Generated code: <c>Target[Index] += Value;</c>, adjoint accumulation into an array element.</summary>
internal sealed record AccumulateElementStmt(Expr Array, Expr Index, Expr Value, bool IsForwardChecked = false) : Stmt((string?)null);

/// <summary><c>Target += Value;</c>: adjoint accumulation in generated code.</summary>
internal sealed record AccumulateStmt(string Target, Expr Value) : Stmt((string?)null);

internal sealed record IfStmt(Expr Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else, string? Source) : Stmt(Source);

internal sealed record ReturnStmt(Expr? Value, string? Source) : Stmt(Source);

internal sealed record ThrowStmt(Expr Exception, string? Source) : Stmt(Source);

/// <summary>An expression evaluated for its effect (a call).</summary>
internal sealed record ExpressionStmt(Expr Expression, string? Source) : Stmt(Source);

/// <summary>A nested block of statements (only before normalization flattens it).</summary>
internal sealed record BlockStmt(EquatableArray<Stmt> Statements) : Stmt((string?)null);

/// <summary>A local declaration in generated code: <c>Type Name = Initializer;</c>.</summary>
internal sealed record DeclareStmt(TypeRef Type, string Name, Expr? Initializer) : Stmt((string?)null);

/// <summary>A comment line in generated code.</summary>
internal sealed record CommentStmt(string Text) : Stmt((string?)null);

// ---------------------------------------------------------------- variables

internal enum VariableRole
{
    Parameter,
    Local,
    Temporary,
}

/// <summary>A parameter, user local or compiler temporary; <see cref="IsDifferentiableInput"/> for gradient inputs.</summary>
internal sealed record Variable(string Name, TypeRef Type, VariableRole Role, bool IsDifferentiableInput, bool IsReadOnlyReference = false);
