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
