using System;

namespace AutoGradGen;

/// <summary>
/// Marks a static method whose exact reverse-mode gradient the AutoGradGen source generator emits at
/// compile time, as two members of the same partial type:
/// <list type="bullet">
/// <item><description>
/// <c>MGradient(p1, …, pn, grads…)</c> returns the value of <c>M</c> and overwrites one gradient
/// argument per differentiable parameter with ∂M/∂p (<c>out double</c> for a scalar).
/// </description></item>
/// <item><description>
/// <c>MPullback(p1, …, pn, seed, adjoints…)</c> adds <c>seed · ∂M/∂p</c> into each adjoint
/// (<c>ref double</c> for a scalar); the building block for chaining differentiable calls.
/// </description></item>
/// </list>
/// </summary>
/// <remarks>
/// The method must be <c>static</c>, return <see cref="double"/> or <see cref="float"/> and sit in a
/// <c>partial</c> type (every containing type partial). A parameter is differentiable when it is a
/// <see cref="double"/> or <see cref="float"/> that is not marked <see cref="NoDiffAttribute"/>; other
/// parameters (integers, booleans, objects) are passed through unchanged. Code the generator cannot
/// differentiate is reported as a compile-time error at the construct (diagnostics AGG0001…).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute"/> method as a constant: it gets no
/// gradient argument, and the generated code treats its value as data (its derivative is zero).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDiffAttribute : Attribute
{
}

/// <summary>
/// Registers the method it is placed on as the pullback of another method — one of yours, or one
/// from a library (a BLAS routine, a special function) — so that <see cref="DifferentiableAttribute"/>
/// code can call that method with arguments that carry derivatives.
/// </summary>
/// <remarks>
/// For a target <c>static R M(P1 p1, …, Pn pn)</c> the pullback has the generated pullback's shape:
/// <c>static void Name(P1 p1, …, Pn pn, R seed, A1 …)</c> with one adjoint per differentiable
/// parameter of M (a <c>double</c>/<c>float</c> → <c>ref double</c>/<c>ref float</c>; an array or span →
/// <c>Span&lt;T&gt;</c>; a jagged array → <c>T[][]</c>), in order, and it must ADD
/// <c>seed · ∂M/∂pᵢ</c> into each. Mark a parameter <see cref="NoDiffAttribute"/> on the pullback to
/// declare that M is not differentiated with respect to it (it then gets no adjoint). A registration
/// whose signature does not match is reported (AGG0014) at this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>Registers the attributed method as the pullback of <paramref name="type"/>.<paramref name="methodName"/>.</summary>
    /// <param name="type">The type that declares the differentiated method.</param>
    /// <param name="methodName">Its name (use <c>nameof</c>); overloads are told apart by parameter types.</param>
    public DerivativeOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the differentiated method.</summary>
    public Type Type { get; }

    /// <summary>The differentiated method's name.</summary>
    public string MethodName { get; }
}
