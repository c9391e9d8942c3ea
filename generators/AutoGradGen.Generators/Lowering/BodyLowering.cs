using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using AutoGradGen.Generators.Diagnostics;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;
using AutoGradGen.Generators.Reverse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoGradGen.Generators.Lowering;

/// <summary>The method body in IR, with its variables and the source locations of its call sites.</summary>
internal sealed class LoweredBody
{
    public LoweredBody(List<Stmt> statements, List<Variable> variables, List<Location> sites, NameScope names)
    {
        Statements = statements;
        Variables = variables;
        Sites = sites;
        Names = names;
    }

    public List<Stmt> Statements { get; }

    public List<Variable> Variables { get; }

    /// <summary>Locations indexed by <see cref="CallExpr.Site"/>.</summary>
    public List<Location> Sites { get; }

    public NameScope Names { get; }
}

/// <summary>
/// Lowers a method body from Roslyn's operation tree to IR. Every type and member is resolved to
/// global::-qualified text, locals get names unique within the method (declarations are hoisted
/// later), compound assignments and increments become plain assignments, and every construct
/// outside the supported subset is reported at its location.
/// </summary>
internal sealed class BodyLowering
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly IMethodSymbol method;
    private readonly CancellationToken cancellationToken;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly Dictionary<ISymbol, string> localNames = new(SymbolEqualityComparer.Default);
    private readonly List<Variable> variables = new();
    private readonly List<Location> sites = new();
    private readonly NameScope names;

    private BodyLowering(IMethodSymbol method, NameScope names, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        this.method = method;
        this.names = names;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>True when the body holds code that does not compile: the compiler reports it, the generator stays silent.</summary>
    public bool HasInvalidCode { get; private set; }

    /// <summary>
    /// Lowers <paramref name="body"/>; unsupported constructs are added to <paramref name="diagnostics"/>.
    /// <paramref name="names"/> already holds the parameters' and the generated signature's names,
    /// so a local that would clash is renamed rather than a public parameter.
    /// </summary>
    public static LoweredBody? Lower(
        IMethodSymbol method,
        IMethodBodyOperation body,
        NameScope names,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        var lowering = new BodyLowering(method, names, diagnostics, cancellationToken);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            lowering.variables.Add(new Variable(
                parameter.Name,
                Types.From(parameter.Type),
                VariableRole.Parameter,
                Types.IsDifferentiableParameter(parameter)));
        }

        IBlockOperation? block = body.BlockBody ?? body.ExpressionBody;
        if (block is null)
        {
            return null;
        }

        var statements = new List<Stmt>();
        lowering.LowerInto(block, statements);
        return lowering.HasInvalidCode ? null : new LoweredBody(statements, lowering.variables, lowering.sites, lowering.names);
    }

    // ------------------------------------------------------------------ statements

    private void LowerInto(IOperation operation, List<Stmt> output)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IBlockOperation block:
                var inner = new List<Stmt>();
                foreach (IOperation statement in block.Operations)
                {
                    LowerInto(statement, inner);
                }

                output.Add(new BlockStmt(inner.ToEquatableArray()));
                break;

            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                    {
                        if (declarator.Symbol.IsConst)
                        {
                            continue; // every use is replaced by the constant's value
                        }

                        string name = DeclareLocal(declarator.Symbol);
                        IVariableInitializerOperation? initializer = declarator.Initializer ?? declaration.Initializer;
                        if (initializer is not null)
                        {
                            if (declarator.Symbol.IsRef)
                            {
                                ReportStatement(operation, "A ref local");
                                continue;
                            }

                            output.Add(new AssignStmt(name, Types.From(declarator.Symbol.Type), LowerExpression(initializer.Value), SourceOf(operation)));
                        }
                    }
                }

                break;

            case IExpressionStatementOperation statement:
                LowerExpressionStatement(statement.Operation, SourceOf(statement), output);
                break;

            case IReturnOperation { Kind: OperationKind.Return } ret:
                // An expression body's return has the expression as its syntax: show it as a return.
                string returnSource = ret.Syntax is ReturnStatementSyntax ? SourceOf(ret) : "return " + SourceOf(ret) + ";";
                output.Add(new ReturnStmt(ret.ReturnedValue is null ? null : LowerExpression(ret.ReturnedValue), returnSource));
                break;

            case IConditionalOperation conditional:
                var whenTrue = new List<Stmt>();
                LowerInto(conditional.WhenTrue, whenTrue);
                var whenFalse = new List<Stmt>();
                if (conditional.WhenFalse is not null)
                {
                    LowerInto(conditional.WhenFalse, whenFalse);
                }

                output.Add(new IfStmt(
                    LowerExpression(conditional.Condition),
                    whenTrue.ToEquatableArray(),
                    whenFalse.ToEquatableArray(),
                    "if (" + SourceOf(conditional.Condition) + ")"));
                break;

            case IThrowOperation thrown when thrown.Exception is not null:
                output.Add(new ThrowStmt(LowerExpression(thrown.Exception), SourceOf(thrown)));
                break;

            case IEmptyOperation:
                break;

            case IInvalidOperation:
                HasInvalidCode = true;
                break;

            default:
                ReportStatement(operation, DescribeStatement(operation));
                break;
        }
    }

    private void LowerExpressionStatement(IOperation expression, string source, List<Stmt> output)
    {
        switch (expression)
        {
            case ISimpleAssignmentOperation assignment when !assignment.IsRef:
                if (TryGetAssignable(assignment.Target, out string target, out TypeRef targetType))
                {
                    output.Add(new AssignStmt(target, targetType, LowerExpression(assignment.Value), source));
                }

                break;

            case ICompoundAssignmentOperation compound:
                if (TryGetAssignable(compound.Target, out string compoundTarget, out TypeRef compoundType))
                {
                    output.Add(new AssignStmt(compoundTarget, compoundType, LowerCompound(compound, compoundTarget, compoundType), source));
                }

                break;

            case IIncrementOrDecrementOperation increment:
                if (TryGetAssignable(increment.Target, out string incrementTarget, out TypeRef incrementType))
                {
                    string op = increment.Kind == OperationKind.Increment ? "+" : "-";
                    Expr one = incrementType.IsFloating ? Ir.Number(1, incrementType) : new LiteralExpr(TypeRef.Int32, "1");
                    Expr sum = new BinaryExpr(incrementType.Kind == ValueKind.Integral && incrementType.Name is not ("int" or "long" or "uint" or "ulong") ? TypeRef.Int32 : incrementType, op, new VariableExpr(incrementType, incrementTarget), one);
                    output.Add(new AssignStmt(incrementTarget, incrementType, Ir.Convert(sum, incrementType), source));
                }

                break;

            case IInvocationOperation invocation:
                output.Add(new ExpressionStmt(LowerExpression(invocation), source));
                break;

            case IThrowOperation { Exception: not null } thrown:
                output.Add(new ThrowStmt(LowerExpression(thrown.Exception), source));
                break;

            case IInvalidOperation:
                HasInvalidCode = true;
                break;

            case IDeconstructionAssignmentOperation:
                ReportExpression(expression, "A deconstruction assignment");
                break;

            default:
                ReportExpression(expression, "The expression statement '" + SourceOf(expression) + "'");
                break;
        }
    }

    /// <summary><c>x op= y</c> becomes <c>x = (T)((U)x op y)</c> with the conversions Roslyn reports.</summary>
    private Expr LowerCompound(ICompoundAssignmentOperation compound, string target, TypeRef targetType)
    {
        if (compound.OperatorMethod is not null)
        {
            ReportExpression(compound, "A user-defined compound operator");
            return new DefaultExpr(targetType);
        }

        Expr value = LowerExpression(compound.Value);
        Expr left = new VariableExpr(targetType, target);
        TypeRef operatorType = targetType;
        if (!compound.InConversion.IsIdentity)
        {
            operatorType = value.Type;
            left = Ir.Convert(left, operatorType);
        }

        string? op = BinaryOperatorText(compound.OperatorKind);
        if (op is null)
        {
            ReportExpression(compound, "The operator in '" + SourceOf(compound) + "'");
            return new DefaultExpr(targetType);
        }

        Expr result = new BinaryExpr(operatorType, op, left, value);
        return compound.OutConversion.IsIdentity ? result : Ir.Convert(result, targetType);
    }

    private bool TryGetAssignable(IOperation target, out string name, out TypeRef type)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                name = NameOf(local.Local);
                type = Types.From(local.Local.Type);
                return true;
            case IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None:
                name = parameter.Parameter.Name;
                type = Types.From(parameter.Parameter.Type);
                return true;
            case IInvalidOperation:
                HasInvalidCode = true;
                break;
            case IArrayElementReferenceOperation:
                ReportExpression(target, "Assignment to an array element");
                break;
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                ReportExpression(target, "Assignment to a field or property (differentiable code may only write its own locals and parameters)");
                break;
            default:
                ReportExpression(target, "Assignment to '" + SourceOf(target) + "'");
                break;
        }

        name = string.Empty;
        type = TypeRef.Void;
        return false;
    }

    // ------------------------------------------------------------------ expressions

    private Expr LowerExpression(IOperation operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TypeRef type = Types.From(operation.Type);
        switch (operation)
        {
            case ILiteralOperation literal:
                return literal.Syntax is LiteralExpressionSyntax syntax && literal.ConstantValue.Value is not (string or char)
                    ? new LiteralExpr(type, syntax.Token.Text)
                    : Constants.Format(literal.ConstantValue.Value, type, literal.Type);

            case ILocalReferenceOperation local:
                if (local.Local.IsConst && local.ConstantValue.HasValue)
                {
                    return Constants.Format(local.ConstantValue.Value, type, local.Type);
                }

                return new VariableExpr(type, NameOf(local.Local));

            case IParameterReferenceOperation parameter:
                return new VariableExpr(type, parameter.Parameter.Name);

            case INameOfOperation or IDefaultValueOperation when operation.ConstantValue.HasValue:
                return Constants.Format(operation.ConstantValue.Value, type, operation.Type);

            case IDefaultValueOperation:
                return new DefaultExpr(type);

            case IFieldReferenceOperation field:
                return field.Field.IsStatic || field.Instance is null
                    ? new StaticMemberExpr(type, Qualified(field.Field.ContainingType) + "." + field.Field.Name)
                    : new InstanceMemberExpr(type, LowerExpression(field.Instance), field.Field.Name);

            case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                return property.Property.IsStatic || property.Instance is null
                    ? new StaticMemberExpr(type, Qualified(property.Property.ContainingType) + "." + property.Property.Name)
                    : new InstanceMemberExpr(type, LowerExpression(property.Instance), property.Property.Name);

            case IConversionOperation conversion:
                return LowerConversion(conversion, type);

            case IUnaryOperation unary:
                return LowerUnary(unary, type);

            case IBinaryOperation binary:
                return LowerBinary(binary, type);

            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return new ConditionalExpr(
                    type,
                    LowerExpression(conditional.Condition),
                    LowerExpression(conditional.WhenTrue),
                    LowerExpression(conditional.WhenFalse));

            case IInvocationOperation invocation:
                return LowerInvocation(invocation, type);

            case IObjectCreationOperation creation when creation.Initializer is null && creation.Constructor is not null:
                return new NewObjectExpr(type, LowerArguments(creation.Arguments, creation));

            case IInterpolatedStringOperation interpolated:
                return LowerInterpolatedString(interpolated, type);

            case IInvalidOperation:
                HasInvalidCode = true;
                return new DefaultExpr(type);

            default:
                ReportExpression(operation, DescribeExpression(operation));
                return new DefaultExpr(type);
        }
    }

    private Expr LowerConversion(IConversionOperation conversion, TypeRef type)
    {
        if (conversion.OperatorMethod is not null)
        {
            if (type.IsFloating || Types.IsFloating(conversion.Operand.Type))
            {
                ReportExpression(conversion, "A user-defined conversion to or from a floating-point type");
                return new DefaultExpr(type);
            }
        }

        Expr operand = LowerExpression(conversion.Operand);
        if (conversion.Conversion.IsIdentity && operand.Type == type)
        {
            return operand;
        }

        // Implicit reference and boxing conversions are re-inferred by the compiler from the same
        // context; only numeric ones are printed, as casts, so the generated arithmetic is explicit.
        if (conversion.IsImplicit && !conversion.Conversion.IsNumeric && !conversion.ConstantValue.HasValue)
        {
            return operand;
        }

        // A constant converted to a floating type prints as a literal of that type (2 -> 2.0), which
        // keeps derivative formulas built from it in floating-point arithmetic.
        if (type.IsFloating && conversion.ConstantValue.HasValue && IsLiteralLike(conversion.Operand))
        {
            return Constants.Format(conversion.ConstantValue.Value, type, conversion.Type);
        }

        return new ConvertExpr(type, operand, conversion.IsChecked);
    }

    private static bool IsLiteralLike(IOperation operation)
        => operation is ILiteralOperation || (operation is IUnaryOperation unary && unary.Operand is ILiteralOperation);

    private Expr LowerUnary(IUnaryOperation unary, TypeRef type)
    {
        string? op = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => "-",
            UnaryOperatorKind.Plus => "+",
            UnaryOperatorKind.Not => "!",
            UnaryOperatorKind.BitwiseNegation => "~",
            _ => null,
        };
        if (op is null || (unary.OperatorMethod is not null && type.IsFloating))
        {
            ReportExpression(unary, "The operator in '" + SourceOf(unary) + "'");
            return new DefaultExpr(type);
        }

        return new UnaryExpr(type, op, LowerExpression(unary.Operand));
    }

    private Expr LowerBinary(IBinaryOperation binary, TypeRef type)
    {
        string? op = BinaryOperatorText(binary.OperatorKind);
        if (op is null || (binary.OperatorMethod is not null && (type.IsFloating || Types.IsFloating(binary.LeftOperand.Type) || Types.IsFloating(binary.RightOperand.Type))))
        {
            ReportExpression(binary, "The operator in '" + SourceOf(binary) + "'");
            return new DefaultExpr(type);
        }

        return new BinaryExpr(type, op, LowerExpression(binary.LeftOperand), LowerExpression(binary.RightOperand));
    }

    private static string? BinaryOperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+",
        BinaryOperatorKind.Subtract => "-",
        BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/",
        BinaryOperatorKind.Remainder => "%",
        BinaryOperatorKind.LeftShift => "<<",
        BinaryOperatorKind.RightShift => ">>",
        BinaryOperatorKind.UnsignedRightShift => ">>>",
        BinaryOperatorKind.And => "&",
        BinaryOperatorKind.Or => "|",
        BinaryOperatorKind.ExclusiveOr => "^",
        BinaryOperatorKind.ConditionalAnd => "&&",
        BinaryOperatorKind.ConditionalOr => "||",
        BinaryOperatorKind.Equals => "==",
        BinaryOperatorKind.NotEquals => "!=",
        BinaryOperatorKind.LessThan => "<",
        BinaryOperatorKind.LessThanOrEqual => "<=",
        BinaryOperatorKind.GreaterThan => ">",
        BinaryOperatorKind.GreaterThanOrEqual => ">=",
        _ => null,
    };

    private Expr LowerInvocation(IInvocationOperation invocation, TypeRef type)
    {
        IMethodSymbol target = invocation.TargetMethod;
        EquatableArray<Argument> arguments = LowerArguments(invocation.Arguments, invocation);
        int site = sites.Count;
        sites.Add(NameLocation(invocation));

        string owner = Qualified(target.ContainingType);
        if (target.IsStatic && type.IsFloating && DerivativeRules.IsMathType(owner)
            && DerivativeRules.TryGet(target.Name, arguments.Count, out _))
        {
            return new CallExpr(type, CallKind.Intrinsic, owner + "." + target.Name, null, arguments, null, site);
        }

        if (Types.IsDifferentiableCallee(target))
        {
            var differentiable = target.Parameters.Select(Types.IsDifferentiableParameter).ToEquatableArray();
            var callee = new DifferentiableCallee(owner + "." + target.Name + "Pullback", differentiable, target.Parameters.Select(p => p.Name).ToEquatableArray());
            return new CallExpr(type, CallKind.Differentiable, owner + "." + target.Name, null, arguments, callee, site);
        }

        string name = target.Name;
        if (target.IsGenericMethod)
        {
            name += "<" + string.Join(", ", target.TypeArguments.Select(Qualified)) + ">";
        }

        if (target.IsStatic || invocation.Instance is null)
        {
            return new CallExpr(type, CallKind.Opaque, owner + "." + name, null, arguments, null, site);
        }

        return new CallExpr(type, CallKind.Opaque, name, LowerExpression(invocation.Instance), arguments, null, site);
    }

    private EquatableArray<Argument> LowerArguments(IEnumerable<IArgumentOperation> arguments, IOperation owner)
    {
        var result = new List<Argument>();
        foreach (IArgumentOperation argument in arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out })
            {
                ReportExpression(argument, "A ref or out argument");
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (IOperation element in initializer.ElementValues)
                {
                    result.Add(new Argument(LowerExpression(element), string.Empty));
                }

                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamCollection)
            {
                ReportExpression(owner, "A params collection argument");
                continue;
            }

            result.Add(new Argument(LowerExpression(argument.Value), string.Empty));
        }

        return result.ToEquatableArray();
    }

    private Expr LowerInterpolatedString(IInterpolatedStringOperation interpolated, TypeRef type)
    {
        var parts = new List<InterpolationPart>();
        foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation text:
                    parts.Add(new InterpolationPart(text.Text.ConstantValue.Value as string ?? string.Empty, null, null, null));
                    break;
                case IInterpolationOperation hole:
                    parts.Add(new InterpolationPart(
                        null,
                        LowerExpression(hole.Expression),
                        hole.Alignment is null ? null : hole.Alignment.ConstantValue.Value?.ToString(),
                        hole.FormatString?.ConstantValue.Value as string));
                    break;
                default:
                    ReportExpression(part, "This interpolated string part");
                    break;
            }
        }

        return new InterpolatedStringExpr(type, parts.ToEquatableArray());
    }

    // ------------------------------------------------------------------ helpers

    private string DeclareLocal(ILocalSymbol local)
    {
        if (localNames.TryGetValue(local, out string? existing))
        {
            return existing;
        }

        string name = names.Fresh(local.Name);
        localNames.Add(local, name);
        variables.Add(new Variable(name, Types.From(local.Type), VariableRole.Local, false));
        return name;
    }

    private string NameOf(ILocalSymbol local) => DeclareLocal(local);

    private static string Qualified(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>Single-line source text of a node, for comments in the generated code.</summary>
    public static string SourceOf(IOperation operation) => Whitespace.Replace(operation.Syntax.ToString(), " ").Trim();

    private static Location NameLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax syntax)
        {
            return syntax.Expression.GetLocation();
        }

        return invocation.Syntax.GetLocation();
    }

    private void ReportStatement(IOperation operation, string construct)
    {
        SyntaxNode syntax = operation.Syntax;
        Location location = syntax switch
        {
            ForStatementSyntax s => s.ForKeyword.GetLocation(),
            CommonForEachStatementSyntax s => s.ForEachKeyword.GetLocation(),
            WhileStatementSyntax s => s.WhileKeyword.GetLocation(),
            DoStatementSyntax s => s.DoKeyword.GetLocation(),
            SwitchStatementSyntax s => s.SwitchKeyword.GetLocation(),
            TryStatementSyntax s => s.TryKeyword.GetLocation(),
            UsingStatementSyntax s => s.UsingKeyword.GetLocation(),
            LockStatementSyntax s => s.LockKeyword.GetLocation(),
            FixedStatementSyntax s => s.FixedKeyword.GetLocation(),
            CheckedStatementSyntax s => s.Keyword.GetLocation(),
            UnsafeStatementSyntax s => s.UnsafeKeyword.GetLocation(),
            GotoStatementSyntax s => s.GotoKeyword.GetLocation(),
            BreakStatementSyntax s => s.BreakKeyword.GetLocation(),
            ContinueStatementSyntax s => s.ContinueKeyword.GetLocation(),
            YieldStatementSyntax s => s.YieldKeyword.GetLocation(),
            LabeledStatementSyntax s => s.Identifier.GetLocation(),
            LocalFunctionStatementSyntax s => s.Identifier.GetLocation(),
            _ => syntax.GetLocation(),
        };
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement, location, construct, method.Name));
    }

    private void ReportExpression(IOperation operation, string construct)
        => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), construct, method.Name));

    private static string DescribeStatement(IOperation operation) => operation switch
    {
        IForLoopOperation => "A 'for' loop",
        IForEachLoopOperation => "A 'foreach' loop",
        IWhileLoopOperation { ConditionIsTop: true } => "A 'while' loop",
        IWhileLoopOperation => "A 'do' loop",
        ISwitchOperation => "A 'switch' statement",
        ITryOperation => "A 'try' statement",
        IUsingOperation or IUsingDeclarationOperation => "A 'using' statement",
        ILockOperation => "A 'lock' statement",
        IBranchOperation { BranchKind: BranchKind.Break } => "A 'break' statement",
        IBranchOperation { BranchKind: BranchKind.Continue } => "A 'continue' statement",
        IBranchOperation => "A 'goto' statement",
        ILabeledOperation => "A labeled statement",
        ILocalFunctionOperation => "A local function",
        IReturnOperation => "A 'yield' statement",
        _ => "The statement '" + SourceOf(operation) + "'",
    };

    private static string DescribeExpression(IOperation operation) => operation switch
    {
        ISwitchExpressionOperation => "A switch expression",
        IAnonymousFunctionOperation or IDelegateCreationOperation => "A lambda or delegate",
        IIsPatternOperation or IIsTypeOperation => "Pattern matching",
        ICoalesceOperation or ICoalesceAssignmentOperation => "The '??' operator",
        ITupleOperation => "A tuple",
        IArrayElementReferenceOperation => "Array element access",
        IArrayCreationOperation => "Array creation",
        IAssignmentOperation => "An assignment inside an expression",
        IIncrementOrDecrementOperation => "An increment or decrement inside an expression",
        IThrowOperation => "A throw expression",
        IPropertyReferenceOperation => "An indexer",
        IConditionalAccessOperation => "The '?.' operator",
        IObjectCreationOperation => "An object initializer",
        IAwaitOperation => "'await'",
        IInstanceReferenceOperation => "'this'",
        ISizeOfOperation => "'sizeof'",
        ITypeOfOperation => "'typeof'",
        IAddressOfOperation => "Taking an address",
        IWithOperation => "A 'with' expression",
        _ => "The expression '" + SourceOf(operation) + "'",
    };
}
