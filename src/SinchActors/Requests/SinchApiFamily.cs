namespace SinchActors.Requests;

/// <summary>The Sinch REST APIs that accept a project's OAuth token, each with its own base URL.</summary>
public enum SinchApiFamily
{
    /// <summary>Access Keys API, <c>account.api.sinch.com</c>.</summary>
    AccessKeys,
    /// <summary>Numbers API, <c>numbers.api.sinch.com</c>.</summary>
    Numbers,
    /// <summary>SMS API, <c>zt.{us,eu}.sms.api.sinch.com</c>.</summary>
    Sms,
    /// <summary>Conversation API, <c>{us,eu,br}.conversation.api.sinch.com</c>.</summary>
    Conversation,
    /// <summary>Templates API, <c>{us,eu,br}.template.api.sinch.com</c>.</summary>
    Templates,
    /// <summary>Fax API, <c>fax.api.sinch.com</c>.</summary>
    Fax,
    /// <summary>Number Lookup API, <c>lookup.api.sinch.com</c>.</summary>
    NumberLookup,
    /// <summary>Elastic SIP Trunking API, <c>elastic-trunking.api.sinch.com</c>.</summary>
    ElasticSipTrunking,
}

/// <summary>The region an API call is served from, for the families that have regional hosts.</summary>
public enum SinchRegion
{
    /// <summary>The family's default host: global where there is one, otherwise the US host.</summary>
    Default,
    /// <summary>United States.</summary>
    Us,
    /// <summary>European Union.</summary>
    Eu,
    /// <summary>Brazil (Conversation and Templates only).</summary>
    Br,
}
