using System;
using System.Collections.Generic;
using System.Globalization;

namespace BeyondTrust.Upgrade.Client.Transport;

/// <summary>An HTTP answer: status, headers and (unless streamed to a sink) the body.</summary>
internal sealed class ApiResponse
{
    public ApiResponse(int statusCode, IReadOnlyDictionary<string, string> headers, byte[] body, string? contentType)
    {
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
        ContentType = contentType;
    }

    public int StatusCode { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public string? ContentType { get; }

    public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

    public long SinkBytes { get; set; }

    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public TimeSpan? RetryAfter(DateTimeOffset now) => ParseRetryAfter(Header("Retry-After"), now);

    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(seconds, 86400));
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var d = at - now;
            return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        }

        return null;
    }
}
