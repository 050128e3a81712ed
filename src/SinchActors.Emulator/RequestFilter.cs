using Microsoft.AspNetCore.Http;
using SinchActors.Emulator.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Http;

namespace SinchActors.Emulator;

/// <summary>
/// Wraps every token and API handler: counts, injects faults before and after processing, and authenticates API calls.
/// Handlers return results without executing them, so an after-processing fault can replace a finished answer.
/// </summary>
internal sealed class RequestFilter(RouteKind route, EmulatorState state) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (route == RouteKind.Token)
        {
            state.Stats.TokenRequestStarted();
            try
            {
                var keyId = AuthorizationHeader.TryParseBasic(http.Request.Headers.Authorization, out var id, out _) ? id : null;
                var projectId = keyId is not null && state.Registry.TryGetKey(keyId, out var key) ? key.ProjectId : null;
                var result = await RunAsync(context, next, projectId);
                if (keyId is not null && result is InjectedResult) state.Stats.TokenRejected(keyId);
                return result;
            }
            finally
            {
                state.Stats.TokenRequestEnded();
            }
        }

        var apiProjectId = (string)http.Request.RouteValues["projectId"]!;
        state.Stats.ApiRequestStarted(apiProjectId);
        try
        {
            var apiResult = await RunAsync(context, next, apiProjectId);
            state.Stats.ApiRequest(apiProjectId, StatusOf(apiResult));
            return apiResult;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            state.Stats.ApiRequestAborted(apiProjectId);
            throw;
        }
        finally
        {
            state.Stats.ApiRequestEnded(apiProjectId);
        }
    }

    private async ValueTask<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string? projectId)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        var before = state.Faults.Decide(route, projectId, method, FaultTiming.BeforeProcessing);
        if (before.Latency > TimeSpan.Zero) await Task.Delay(before.Latency, state.Time, http.RequestAborted);
        if (before.Failure is { } early) return new InjectedResult(FaultResults.Create(early, route, state.Stats));

        if (route != RouteKind.Token && state.Authenticator.Authenticate(http, route, projectId!) is { } denied) return denied;

        var result = await next(context);
        var after = state.Faults.Decide(route, projectId, method, FaultTiming.AfterProcessing);
        return after.Failure is { } late ? new InjectedResult(FaultResults.Create(late, route, state.Stats)) : result;
    }

    private static int StatusOf(object? result) => result switch
    {
        InjectedResult { Inner: AbortResult } => 0,
        InjectedResult injected => StatusOf(injected.Inner),
        IStatusCodeHttpResult { StatusCode: { } status } => status,
        _ => 200,
    };

    /// <summary>Marks an answer produced by a fault so the token counters can tell it from a real rejection.</summary>
    private sealed class InjectedResult(IResult inner) : IResult
    {
        public IResult Inner { get; } = inner;

        public Task ExecuteAsync(HttpContext httpContext) => Inner.ExecuteAsync(httpContext);
    }
}
