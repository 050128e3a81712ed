using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Sms;

/// <summary>
/// SMS API v1 batches at <c>/xms/v1/{projectId}/batches</c>: send, get, list (paged), cancel, dry run and delivery
/// report, with the SMS API's <c>{code,text}</c> errors. A batch is stored as sent, fields the emulator does not know
/// included, and echoed with what the server adds (<c>id</c>, <c>type</c>, <c>canceled</c>, timestamps).
/// </summary>
internal sealed class SmsEndpoints(TimeProvider time, EmulatorStats stats)
{
    private const int DefaultPageSize = 30;
    private const int MaxPageSize = 100;
    private readonly SmsBatchStore _batches = new();

    public async Task<IResult> CreateAsync(HttpContext context, string projectId)
    {
        var batch = await JsonObjects.ReadAsync(context);
        if (batch is null) return InvalidJson();
        if (Refuse(batch) is { } refused) return refused;

        var id = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var now = Rfc3339.Format(time.GetUtcNow());
        batch["id"] = id;
        batch["type"] ??= "mt_text";
        batch["canceled"] = false;
        batch["delivery_report"] ??= "none";
        batch["created_at"] = now;
        batch["modified_at"] = now;
        var answer = JsonObjects.Result(batch, 201);
        _batches.Add(projectId, id, batch);
        stats.Post(batch.Text("client_reference") ?? batch.Text("body") ?? id);
        return answer;
    }

    public IResult Get(string projectId, string batchId) =>
        _batches.With(projectId, batchId, batch => JsonObjects.Result(batch)) ?? NotFound(batchId);

    public IResult Cancel(string projectId, string batchId) =>
        _batches.With(projectId, batchId, batch =>
        {
            batch["canceled"] = true;
            batch["modified_at"] = Rfc3339.Format(time.GetUtcNow());
            return JsonObjects.Result(batch);
        }) ?? NotFound(batchId);

    public IResult List(HttpContext context, string projectId)
    {
        var query = context.Request.Query;
        if (!TryInt(query["page"], 0, out var page) || page < 0)
            return ApiErrors.Sms(400, "syntax_constraint_violation", "page must be a number from 0.");
        if (!TryInt(query["page_size"], DefaultPageSize, out var pageSize) || pageSize is < 1 or > MaxPageSize)
            return ApiErrors.Sms(400, "syntax_constraint_violation", $"page_size must be between 1 and {MaxPageSize}.");
        if (!TryTime(query["start_date"], out var start) || !TryTime(query["end_date"], out var end))
            return ApiErrors.Sms(400, "syntax_constraint_violation", "start_date and end_date must be ISO-8601 timestamps.");
        var senders = query["from"].ToString() is { Length: > 0 } from ? from.Split(',') : null;
        var reference = query["client_reference"].ToString();

        var matching = _batches.Where(projectId, batch =>
            (senders is null || senders.Contains(batch.Text("from"))) &&
            (reference.Length == 0 || batch.Text("client_reference") == reference) &&
            (start is null || Created(batch) >= start) &&
            (end is null || Created(batch) < end));
        var onPage = new JsonArray();
        foreach (var batch in matching.Skip(page * pageSize).Take(pageSize)) onPage.Add(batch);
        return JsonObjects.Result(new JsonObject
        {
            ["count"] = matching.Count,
            ["page"] = page,
            ["page_size"] = pageSize,
            ["batches"] = onPage,
        });
    }

    public async Task<IResult> DryRunAsync(HttpContext context, string projectId)
    {
        var batch = await JsonObjects.ReadAsync(context);
        if (batch is null) return InvalidJson();
        if (Refuse(batch) is { } refused) return refused;
        var query = context.Request.Query;
        if (!TryInt(query["number_of_recipients"], 100, out var detailed) || detailed < 0)
            return ApiErrors.Sms(400, "syntax_constraint_violation", "number_of_recipients must be a number from 0.");

        var recipients = batch["to"]!.AsArray().Select(to => to!.GetValue<string>()).ToList();
        var body = batch.Text("body") ?? "";
        var (parts, encoding) = Parts(body);
        var result = new JsonObject
        {
            ["number_of_recipients"] = recipients.Count,
            ["number_of_messages"] = recipients.Count * parts,
        };
        if (string.Equals(query["per_recipient"], "true", StringComparison.OrdinalIgnoreCase))
        {
            var perRecipient = new JsonArray();
            foreach (var recipient in recipients.Take(detailed))
                perRecipient.Add(new JsonObject { ["recipient"] = recipient, ["number_of_parts"] = parts, ["body"] = body, ["encoding"] = encoding });
            result["per_recipient"] = perRecipient;
        }
        return JsonObjects.Result(result);
    }

    public IResult DeliveryReport(HttpContext context, string projectId, string batchId)
    {
        var query = context.Request.Query;
        var type = query["type"].ToString() is { Length: > 0 } asked ? asked : "summary";
        if (type is not ("summary" or "full"))
            return ApiErrors.Sms(400, "syntax_constraint_violation", "type must be summary or full.");
        var statuses = query["status"].ToString() is { Length: > 0 } s ? s.Split(',') : null;
        var codes = query["code"].ToString() is { Length: > 0 } c ? c.Split(',') : null;

        return _batches.With(projectId, batchId, batch =>
        {
            var recipients = batch["to"]!.AsArray().Select(to => to!.GetValue<string>()).ToList();
            // Every message of a batch ends Delivered (code 0), or Cancelled (code 408) when the batch was cancelled.
            var (status, code) = batch["canceled"]!.GetValue<bool>() ? ("Cancelled", 408) : ("Delivered", 0);
            var reported = new JsonArray();
            if ((statuses is null || statuses.Contains(status, StringComparer.OrdinalIgnoreCase)) &&
                (codes is null || codes.Contains(code.ToString(CultureInfo.InvariantCulture))))
            {
                var entry = new JsonObject { ["code"] = code, ["status"] = status, ["count"] = recipients.Count };
                if (type == "full") entry["recipients"] = new JsonArray(recipients.Select(r => (JsonNode)r!).ToArray());
                reported.Add(entry);
            }
            var report = new JsonObject
            {
                ["batch_id"] = batchId,
                ["type"] = "delivery_report_sms",
                ["total_message_count"] = recipients.Count,
                ["statuses"] = reported,
            };
            if (batch.Text("client_reference") is { } reference) report["client_reference"] = reference;
            return JsonObjects.Result(report);
        }) ?? NotFound(batchId);
    }

    /// <summary>The SMS API's answer to a batch without recipients or body; <c>null</c> when it may be sent.</summary>
    private static BytesResult? Refuse(JsonObject batch)
    {
        if (batch["to"] is not JsonArray { Count: > 0 } to || to.Any(r => r is not JsonValue value || !value.TryGetValue<string>(out var number) || number.Length == 0))
            return ApiErrors.Sms(400, "syntax_constraint_violation", "Field 'to' must hold at least one recipient.");
        return batch["body"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0 => null,
            JsonObject => null, // mt_media
            _ => ApiErrors.Sms(400, "syntax_constraint_violation", "Field 'body' is required."),
        };
    }

    /// <summary>Message parts of <paramref name="body"/>: GSM text fits 160 characters in one part and 153 per part beyond; anything else 70 and 67.</summary>
    private static (int Parts, string Encoding) Parts(string body)
    {
        var gsm = body.All(ch => ch < 128);
        var (single, multi) = gsm ? (160, 153) : (70, 67);
        var parts = body.Length <= single ? 1 : (body.Length + multi - 1) / multi;
        return (parts, gsm ? "text" : "unicode");
    }

    private static DateTimeOffset Created(JsonObject batch) =>
        DateTimeOffset.Parse(batch.Text("created_at")!, CultureInfo.InvariantCulture);

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        value = parsed;
        return true;
    }

    private static BytesResult InvalidJson() => ApiErrors.Sms(400, "syntax_invalid_json", "The JSON body is invalid.");

    private static BytesResult NotFound(string batchId) => ApiErrors.Sms(404, "not_found", $"Batch {batchId} could not be found.");
}
