using System.CommandLine;
using System.Text.Json;
using SinchActors.Api.AccessKeys;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;
using SinchActors.Cli.Output;
using Spectre.Console;

namespace SinchActors.Cli.Commands;

/// <summary><c>access-keys list|get|create|update|delete</c>: the Access Keys API of a configured project.</summary>
internal static class AccessKeysCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("access-keys", "List, show, create, rename and delete a project's access keys");
        command.Add(Sub(console, "list", "List the project's access keys", [], async (ctx, ct) =>
        {
            var keys = new List<AccessKey>();
            await foreach (var key in ctx.Client.AccessKeys.ListAsync(ctx.ProjectId, pageSize: 1000, ct))
                keys.Add(key);
            return ctx.Json
                ? JsonSerializer.Serialize(new AccessKeyList(ctx.ProjectId, keys), CliJsonContext.Default.AccessKeyList)
                : (object)KeyTable(keys);
        }));

        var keyId = new Argument<string>("key-id") { Description = "The access key ID" };
        var displayName = new Option<string>("--display-name") { Description = "The key's display name", Required = true };

        command.Add(Sub(console, "get", "Show one access key", [keyId], async (ctx, ct) =>
        {
            var key = await ctx.Client.AccessKeys.GetAsync(ctx.ProjectId, ctx.Parse.GetValue(keyId)!, ct);
            return ctx.Json ? JsonSerializer.Serialize(key, CliJsonContext.Default.AccessKey) : KeyTable([key]);
        }));
        command.Add(Sub(console, "create", "Create an access key; its secret is shown this once", [displayName], async (ctx, ct) =>
        {
            var created = await ctx.Client.AccessKeys.CreateAsync(ctx.ProjectId, ctx.Parse.GetValue(displayName)!, ct);
            await console.Error.WriteLineAsync("The new key's secret is shown only now: store it safely.");
            return ctx.Json
                ? JsonSerializer.Serialize(created, CliJsonContext.Default.CreatedAccessKey)
                : new Rows(KeyTable([created.AccessKey]), new Text($"secret {created.Secret}"));
        }));
        command.Add(Sub(console, "update", "Rename an access key", [keyId, displayName], async (ctx, ct) =>
        {
            var key = await ctx.Client.AccessKeys.UpdateDisplayNameAsync(ctx.ProjectId, ctx.Parse.GetValue(keyId)!,
                ctx.Parse.GetValue(displayName)!, ct);
            return ctx.Json ? JsonSerializer.Serialize(key, CliJsonContext.Default.AccessKey) : KeyTable([key]);
        }));
        command.Add(Sub(console, "delete", "Delete an access key", [keyId], async (ctx, ct) =>
        {
            var id = ctx.Parse.GetValue(keyId)!;
            await ctx.Client.AccessKeys.DeleteAsync(ctx.ProjectId, id, ct);
            return ctx.Json ? $$"""{"deleted":{{JsonSerializer.Serialize(id, CliJsonContext.Default.String)}}}""" : new Text($"deleted {id}");
        }));
        return command;
    }

    private sealed record CallContext(ParseResult Parse, Requests.ISinchClient Client, string ProjectId, bool Json);

    /// <summary>
    /// A subcommand: loads credentials, starts a runtime, calls, prints a table or JSON. <c>call</c> returns a JSON
    /// string or a Spectre renderable.
    /// </summary>
    private static Command Sub(CliConsole console, string name, string description, Symbol[] symbols,
        Func<CallContext, CancellationToken, Task<object>> call)
    {
        var command = new Command(name, description);
        var target = new TargetOptions();
        var project = new Option<string?>("--project") { Description = "Which configured project (default: the first)" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) command.Add(argument);
            else command.Add((Option)symbol);
        }
        target.AddTo(command);
        command.Add(project);
        command.Add(json);

        command.SetAction((parse, _) => CommandRunner.RunAsync(console, async () =>
        {
            var settings = target.Load(parse, console, single: true, parse.GetValue(project));
            await using var runtime = await CliRuntime.StartAsync(settings);
            var result = await call(new CallContext(parse, runtime.Client, settings.Options.Projects[0].ProjectId!, parse.GetValue(json)), console.Interrupt);
            if (result is string text)
                await console.Output.WriteLineAsync(text);
            else
                CliAnsiConsole.For(console).Write((Spectre.Console.Rendering.IRenderable)result);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Table KeyTable(IEnumerable<AccessKey> keys)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("access key").AddColumn("display name").AddColumn("created").AddColumn("updated");
        foreach (var key in keys)
            table.AddRow(Markup.Escape(key.AccessKeyId), Markup.Escape(key.DisplayName ?? ""), key.CreateTime?.ToString("u") ?? "",
                key.UpdateTime?.ToString("u") ?? "");
        return table;
    }
}
