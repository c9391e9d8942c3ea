using System.Collections.Generic;
using AutoGradGen.Generators.Analysis;
using AutoGradGen.Generators.Helpers;
using AutoGradGen.Generators.Models;

namespace AutoGradGen.Generators.Reverse;

/// <summary>The forward sweep: the original statements plus saves, branch records and trip counts.</summary>
internal sealed partial class AdjointBuilder
{
    private void EmitForward(IEnumerable<Stmt> statements, List<Stmt> output, bool topLevel)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    AddComment(assignment.Source, output);
                    EmitSave(assignment, new VariableExpr(assignment.TargetType, assignment.Target), assignment.TargetType, output, topLevel);
                    output.Add(declaresInline.Contains(assignment)
                        ? new DeclareStmt(assignment.TargetType, assignment.Target, assignment.Value)
                        : assignment with { Source = null });
                    if (assignment.Value is NewArrayExpr && IsActive(assignment.Target))
                    {
                        EmitAdjointArray(assignment, output, topLevel);
                    }

                    break;

                case ElementAssignStmt element:
                    AddComment(element.Source, output);
                    EmitSave(element, new ElementExpr(element.ElementType, element.Array, element.Index), element.ElementType, output, topLevel);
                    output.Add(element with { Source = null });
                    break;

                case IfStmt branch:
                    output.Add(new CommentStmt(branch.Source ?? "if"));
                    var then = new List<Stmt>();
                    EmitForward(branch.Then, then, topLevel: false);
                    var otherwise = new List<Stmt>();
                    EmitForward(branch.Else, otherwise, topLevel: false);
                    Expr condition = branch.Condition;
                    if (branchRecords.TryGetValue(branch, out string? record))
                    {
                        output.Add(topLevel
                            ? new DeclareStmt(TypeRef.Boolean, record, condition)
                            : new AssignStmt(record, TypeRef.Boolean, condition, null));
                        condition = new VariableExpr(TypeRef.Boolean, record);
                    }

                    output.Add(new IfStmt(condition, then.ToEquatableArray(), otherwise.ToEquatableArray(), null));
                    if (record is not null && insideLoop.Contains(branch))
                    {
                        // Pushed after the branch's own pushes, so the reverse sweep pops it first.
                        output.Add(new PushStmt(Tape(TypeRef.Boolean), condition));
                    }

                    break;

                case LoopStmt loop:
                    output.Add(new CommentStmt(loop.Source ?? "loop"));
                    var loopBody = new List<Stmt>();
                    tripCounters.TryGetValue(loop, out string? trips);
                    if (trips is not null)
                    {
                        output.Add(topLevel
                            ? new DeclareStmt(TypeRef.Int32, trips, new LiteralExpr(TypeRef.Int32, "0"))
                            : new AssignStmt(trips, TypeRef.Int32, new LiteralExpr(TypeRef.Int32, "0"), null));
                        loopBody.Add(new AssignStmt(trips, TypeRef.Int32, Increment(trips), null));
                    }

                    EmitForward(loop.Body, loopBody, topLevel: false);
                    output.Add(loop with { Body = loopBody.ToEquatableArray(), Source = null });
                    if (trips is not null && insideLoop.Contains(loop))
                    {
                        output.Add(new PushStmt(Tape(TypeRef.Int32), Var(trips, TypeRef.Int32)));
                    }

                    break;

                case ExpressionStmt or ThrowStmt:
                    AddComment(statement.Source, output);
                    output.Add(statement);
                    break;
            }
        }
    }

    /// <summary>Saves the old value of <paramref name="target"/> when the reverse sweep will need it back.</summary>
    private void EmitSave(Stmt statement, Expr target, TypeRef type, List<Stmt> output, bool topLevel)
    {
        if (!saveSlots.TryGetValue(statement, out string? slot))
        {
            return;
        }

        if (insideLoop.Contains(statement))
        {
            output.Add(new PushStmt(slot, target));
        }
        else
        {
            output.Add(topLevel ? new DeclareStmt(type, slot, target) : new AssignStmt(slot, type, target, null));
        }
    }

    /// <summary>A local array that carries derivatives gets a pooled, zeroed adjoint array of its length.</summary>
    private void EmitAdjointArray(AssignStmt creation, List<Stmt> output, bool topLevel)
    {
        string adjoint = AdjointOf(creation.Target);
        TypeRef element = creation.TargetType.Element!;
        var arrayType = new TypeRef(element.Name + "[]", ValueKind.Array, element);
        Expr rent = StaticCall(
            "global::AutoGradGen.Tapes.AdjointArrays.Rent<" + element.Name + ">",
            arrayType,
            new InstanceMemberExpr(TypeRef.Int32, Var(creation.Target, creation.TargetType), "Length"));
        output.Add(new AssignStmt(adjoint, arrayType, rent, null));
    }

    private static Expr Increment(string counter)
        => new BinaryExpr(TypeRef.Int32, "+", new VariableExpr(TypeRef.Int32, counter), new LiteralExpr(TypeRef.Int32, "1"));

    /// <summary>One comment per mirrored source statement (the pieces of a split statement share it).</summary>
    private static void AddComment(string? source, List<Stmt> output)
    {
        if (source is null)
        {
            return;
        }

        for (int i = output.Count - 1; i >= 0; i--)
        {
            if (output[i] is CommentStmt previous)
            {
                if (previous.Text == source)
                {
                    return;
                }

                break;
            }
        }

        output.Add(new CommentStmt(source));
    }
}
