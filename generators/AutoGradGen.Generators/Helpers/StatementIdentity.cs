using System.Collections.Generic;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Helpers;

/// <summary>Compares statements by reference: equal records may occur twice in a body, and per-statement facts belong to one of them.</summary>
internal sealed class StatementIdentity : IEqualityComparer<Stmt>
{
    public static readonly StatementIdentity Instance = new();

    public bool Equals(Stmt? x, Stmt? y) => ReferenceEquals(x, y);

    public int GetHashCode(Stmt obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}

/// <summary>Compares expressions by reference: per-expression facts computed once, however often asked.</summary>
internal sealed class ExpressionIdentity : IEqualityComparer<Expr>
{
    public static readonly ExpressionIdentity Instance = new();

    public bool Equals(Expr? x, Expr? y) => ReferenceEquals(x, y);

    public int GetHashCode(Expr obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
