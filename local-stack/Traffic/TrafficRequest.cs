namespace Strangler.LocalStack.Traffic;

/// <summary>Who sends a synthetic request: the gateway buckets by the X-User-Id header or the token's subject.</summary>
internal enum Caller
{
    /// <summary>No identity: the gateway's anonymous policy applies.</summary>
    Anonymous,

    /// <summary>A reader identified by X-User-Id (many distinct ids, so buckets spread).</summary>
    Reader,

    /// <summary>A sample user (ids 6..50) with a user token: writes reviews.</summary>
    User,

    /// <summary>A sample admin (ids 1..5) with an admin token.</summary>
    Admin,
}

/// <param name="Path">Client path and query, e.g. /api/restaurants?city=Haifa.</param>
/// <param name="UserId">X-User-Id for readers, the token's subject for users and admins, null when anonymous.</param>
/// <param name="JsonBody">Request body for writes.</param>
internal sealed record TrafficRequest(HttpMethod Method, string Path, Caller Caller, string? UserId, string? JsonBody = null);
