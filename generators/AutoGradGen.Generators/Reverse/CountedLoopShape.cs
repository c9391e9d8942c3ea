using System.Globalization;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>
/// The plainest counted loop, as the array rules read it: <c>i = s; while (i &lt; limit) { …; i = i + 1; }</c>
/// with a non-negative integer literal start right before the loop and the step as the body's last
/// statement. Whether anything else in the body writes the counter is each rule's own check.
/// </summary>
internal sealed record CountedLoopShape(string Counter, int Start, Expr Limit)
{
    /// <summary>The shape of <paramref name="loop"/>, given the statement just before it; null if it has another.</summary>
    public static CountedLoopShape? Of(Stmt? previous, Stmt loop)
    {
        if (loop is not LoopStmt { IsDoWhile: false, Condition: BinaryExpr { Operator: "<", Left: VariableExpr counter, Right: var limit } } counted
            || counter.Type != TypeRef.Int32
            || previous is not AssignStmt { Value: LiteralExpr startLiteral } start || start.Target != counter.Name
            || !int.TryParse(startLiteral.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            || counted.Body.Count == 0
            || counted.Body[counted.Body.Count - 1] is not AssignStmt { Value: BinaryExpr { Operator: "+", Left: VariableExpr self, Right: LiteralExpr one } } step
            || step.Target != counter.Name || self.Name != counter.Name || !Ir.IsLiteral(one, 1))
        {
            return null;
        }

        return new CountedLoopShape(counter.Name, first, limit);
    }
}
