using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Numbers;

/// <summary>
/// Numbers API v1 active numbers at <c>/v1/projects/{projectId}/activeNumbers</c>: list (paged by <c>pageToken</c>),
/// get, update (PATCH) and release, with Google-style errors. Numbers are seeded with
/// <see cref="SinchEmulator.SeedNumber"/>; an update merges every field it carries except the read-only ones, so
/// fields the emulator does not know are kept and echoed.
/// </summary>
internal sealed class ActiveNumberEndpoints(TimeProvider time, EmulatorStats stats)
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    private static readonly string[] ReadOnly =
        ["phoneNumber", "projectId", "regionCode", "type", "capability", "money", "paymentIntervalMonths", "nextChargeDate", "expireAt"];
    private static readonly string[] SearchPatterns = ["START", "CONTAINS", "END"];

    private readonly ActiveNumberStore _numbers = new();

    public void Seed(string projectId, string phoneNumber, string regionCode, string type, IReadOnlyList<string> capabilities)
    {
        var now = time.GetUtcNow();
        _numbers.Put(projectId, phoneNumber, new JsonObject
        {
            ["phoneNumber"] = phoneNumber,
            ["projectId"] = projectId,
            ["displayName"] = "",
            ["regionCode"] = regionCode,
            ["type"] = type,
            ["capability"] = new JsonArray(capabilities.Select(c => (JsonNode)c!).ToArray()),
            ["money"] = new JsonObject { ["currencyCode"] = "USD", ["amount"] = "2.00" },
            ["paymentIntervalMonths"] = 1,
            ["nextChargeDate"] = Rfc3339.Format(now.AddMonths(1)),
            ["smsConfiguration"] = new JsonObject { ["servicePlanId"] = "", ["campaignId"] = "" },
            ["voiceConfiguration"] = new JsonObject { ["appId"] = "", ["type"] = "RTC" },
            ["callbackUrl"] = "",
        });
    }

    public IResult List(HttpContext context, string projectId)
    {
        var query = context.Request.Query;
        var regionCode = query["regionCode"].ToString();
        var type = query["type"].ToString();
        if (regionCode.Length == 0 || type.Length == 0)
            return ApiErrors.Google(400, "regionCode and type are required.");
        var pageSize = DefaultPageSize;
        var pageSizeText = query["pageSize"].ToString();
        if (pageSizeText.Length > 0 && (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            return ApiErrors.Google(400, $"pageSize must be between 1 and {MaxPageSize}.");
        var after = "";
        if (query["pageToken"].ToString() is { Length: > 0 } token && !TryReadToken(token, out after))
            return ApiErrors.Google(400, "Invalid pageToken.");
        var pattern = query["numberPattern.pattern"].ToString();
        var searchPattern = query["numberPattern.searchPattern"].ToString() is { Length: > 0 } asked ? asked : "START";
        if (!SearchPatterns.Contains(searchPattern))
            return ApiErrors.Google(400, "numberPattern.searchPattern must be START, CONTAINS or END.");
        var capabilities = query["capabilities"].Where(c => !string.IsNullOrEmpty(c)).ToArray();

        var matching = _numbers.Where(projectId, number =>
            number.Text("regionCode") == regionCode && number.Text("type") == type &&
            Matches(number.Text("phoneNumber")!, pattern, searchPattern) &&
            capabilities.All(c => number["capability"]!.AsArray().Any(has => has!.GetValue<string>() == c)));
        var page = matching.Where(n => string.CompareOrdinal(n.Text("phoneNumber"), after) > 0).Take(pageSize + 1).ToList();
        var more = page.Count > pageSize;
        if (more) page.RemoveAt(pageSize);
        return JsonObjects.Result(new JsonObject
        {
            ["activeNumbers"] = new JsonArray(page.Select(n => (JsonNode)n).ToArray()),
            ["nextPageToken"] = more ? Token(page[^1].Text("phoneNumber")!) : "",
            ["totalSize"] = matching.Count,
        });
    }

    public IResult Get(string projectId, string phoneNumber) =>
        _numbers.With(projectId, phoneNumber, number => JsonObjects.Result(number)) ?? NotFound(phoneNumber);

    public async Task<IResult> UpdateAsync(HttpContext context, string projectId, string phoneNumber)
    {
        var update = await JsonObjects.ReadAsync(context);
        if (update is null) return ApiErrors.Google(400, "Invalid JSON body: expected an object of the fields to change.");
        if (update.Select(field => field.Key).FirstOrDefault(ReadOnly.Contains) is { } readOnly)
            return ApiErrors.Google(400, $"Field {readOnly} cannot be changed.");
        return _numbers.With(projectId, phoneNumber, number =>
        {
            foreach (var (name, value) in update.ToList())
            {
                update.Remove(name);
                if (value is JsonObject fields && number[name] is JsonObject current)
                {
                    foreach (var (inner, innerValue) in fields.ToList())
                    {
                        fields.Remove(inner);
                        current[inner] = innerValue;
                    }
                }
                else
                {
                    number[name] = value;
                }
            }
            return JsonObjects.Result(number);
        }) ?? NotFound(phoneNumber);
    }

    public IResult Release(string projectId, string phoneNumber)
    {
        if (_numbers.Remove(projectId, phoneNumber) is not { } released) return NotFound(phoneNumber);
        released["expireAt"] = released["nextChargeDate"]?.DeepClone() ?? Rfc3339.Format(time.GetUtcNow());
        stats.Post(phoneNumber);
        return JsonObjects.Result(released);
    }

    private static bool Matches(string number, string pattern, string searchPattern) =>
        pattern.Length == 0 || searchPattern switch
        {
            "START" => number.TrimStart('+').StartsWith(pattern, StringComparison.Ordinal) || number.StartsWith(pattern, StringComparison.Ordinal),
            "END" => number.EndsWith(pattern, StringComparison.Ordinal),
            _ => number.Contains(pattern, StringComparison.Ordinal),
        };

    private static string Token(string lastNumber) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastNumber));

    private static bool TryReadToken(string token, out string lastNumber)
    {
        lastNumber = "";
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written)) return false;
        lastNumber = Encoding.UTF8.GetString(bytes, 0, written);
        return true;
    }

    private static BytesResult NotFound(string phoneNumber) =>
        ApiErrors.Google(404, $"Number {phoneNumber} is not an active number of the project.");
}
