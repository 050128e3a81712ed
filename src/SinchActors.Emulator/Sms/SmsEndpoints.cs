using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Sms;

/// <summary>Minimal SMS batches at <c>/xms/v1/{projectId}/batches</c>: a second API family with its own <c>{code,text}</c> errors.</summary>
internal sealed class SmsEndpoints(TimeProvider time, EmulatorStats stats)
{
    private readonly ConcurrentDictionary<(string ProjectId, string BatchId), SmsBatchDto> _batches = new();

    public async Task<IResult> CreateAsync(HttpContext context, string projectId)
    {
        var request = await JsonBody.ReadAsync(context, SmsJsonContext.Default.SmsBatchRequest);
        if (request is null) return ApiErrors.Sms(400, "syntax_invalid_json", "The JSON body is invalid.");
        if (request.To is not { Length: > 0 } to || request.Body is not { } body)
            return ApiErrors.Sms(400, "syntax_constraint_violation", "Fields 'to' (non-empty) and 'body' are required.");

        var now = Rfc3339.Format(time.GetUtcNow());
        var batch = new SmsBatchDto(Guid.NewGuid().ToString("N").ToUpperInvariant(), request.From, to, body,
            request.ClientReference, "mt_text", false, now, now);
        _batches[(projectId, batch.Id)] = batch;
        stats.Post(request.ClientReference ?? body);
        return TypedResults.Json(batch, SmsJsonContext.Default.SmsBatchDto, statusCode: 201);
    }

    public IResult Get(string projectId, string batchId) =>
        _batches.TryGetValue((projectId, batchId), out var batch)
            ? TypedResults.Json(batch, SmsJsonContext.Default.SmsBatchDto)
            : ApiErrors.Sms(404, "not_found", $"Batch {batchId} could not be found.");
}
