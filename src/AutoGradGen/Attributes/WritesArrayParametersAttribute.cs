using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace AutoGradGen;

/// <summary>
/// Put by the generator on a generated pullback: which array and span parameters of the
/// differentiated method it may write into. A pullback runs the method's forward computation again,
/// on the caller's arrays, so a caller's reverse sweep must save and put back every array a call may
/// change; a generator compiling a caller in another assembly, which cannot read the method's body,
/// reads this instead and saves only the arrays listed (without it, every writable array argument).
/// </summary>
/// <remarks>Not meant to be written by hand: a wrong list would let a gradient read changed arrays.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WritesArrayParametersAttribute : Attribute
{
    /// <summary>Lists the parameters (by name) whose elements the method may change; none when it only reads its arrays.</summary>
    /// <param name="parameterCount">
    /// How many of the pullback's leading parameters are the differentiated method's: tells the
    /// pullbacks of overloads apart (<c>Dot(x, w)</c> and <c>Dot(x, w, s)</c> both begin with x and w).
    /// </param>
    /// <param name="parameterNames">Names of parameters of the differentiated method.</param>
    public WritesArrayParametersAttribute(int parameterCount, params string[] parameterNames)
    {
        ParameterCount = parameterCount;
        ParameterNames = parameterNames ?? Array.Empty<string>();
    }

    /// <summary>How many of the pullback's leading parameters are the differentiated method's.</summary>
    public int ParameterCount { get; }

    /// <summary>The parameters (by name) whose elements the method may change.</summary>
    public IReadOnlyList<string> ParameterNames { get; }
}
