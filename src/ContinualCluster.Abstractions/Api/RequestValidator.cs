namespace ContinualCluster.Abstractions.Api;

/// <summary>Checks gateway requests completely before anything is applied, naming the first bad field it finds.</summary>
public static class RequestValidator
{
    public static void Validate(IngestRequest? request)
    {
        if (request is null) throw ApiException.Invalid("$", "the request body is empty");
        RequestId(request.RequestId, "requestId");
        if (request.Samples is null) throw ApiException.Invalid("samples", "samples is required");
        if (request.Samples.Length == 0) throw ApiException.Invalid("samples", "samples must not be empty");
        if (request.Samples.Length > ApiLimits.MaxSamplesPerRequest)
            throw ApiException.TooLarge("samples", $"samples holds {request.Samples.Length} items; at most {ApiLimits.MaxSamplesPerRequest} per request");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < request.Samples.Length; i++)
        {
            var s = request.Samples[i];
            string at = $"samples[{i}]";
            if (s is null) throw ApiException.Invalid(at, $"{at} is null");
            Sample(s, at, labelRequired: true);
            if (!seen.Add(s.Id!)) throw ApiException.Invalid(at + ".id", $"sample id '{s.Id}' appears twice in this request");
        }
    }

    public static void Validate(DeletionRequest? request)
    {
        if (request is null) throw ApiException.Invalid("$", "the request body is empty");
        RequestId(request.RequestId, "requestId");
        bool hasIds = request.SampleIds is not null, hasOwner = request.Owner is not null;
        if (hasIds == hasOwner) throw ApiException.Invalid("sampleIds", "give exactly one of sampleIds or owner");
        if (hasOwner) { Id(request.Owner, "owner"); return; }
        if (request.SampleIds!.Length == 0) throw ApiException.Invalid("sampleIds", "sampleIds must not be empty");
        if (request.SampleIds.Length > ApiLimits.MaxIdsPerDeletion)
            throw ApiException.TooLarge("sampleIds", $"sampleIds holds {request.SampleIds.Length} ids; at most {ApiLimits.MaxIdsPerDeletion} per request");
        for (int i = 0; i < request.SampleIds.Length; i++) Id(request.SampleIds[i], $"sampleIds[{i}]");
    }

    public static void Validate(UnlearningRequest? request)
    {
        if (request is null) throw ApiException.Invalid("$", "the request body is empty");
        RequestId(request.RequestId, "requestId");
        if (request.ClassLabel is { } c && (c < 0 || c >= ApiLimits.Classes))
            throw ApiException.Invalid("classLabel", $"classLabel {c} is outside 0..{ApiLimits.Classes - 1}");
        if (request.Samples is null)
            throw ApiException.Invalid("samples", "samples is required: the concept's data (kept in the store only to rebuild the unlearning adapter)");
        if (request.Samples.Length == 0) throw ApiException.Invalid("samples", "samples must not be empty");
        if (request.Samples.Length > ApiLimits.MaxSamplesPerRequest)
            throw ApiException.TooLarge("samples", $"samples holds {request.Samples.Length} items; at most {ApiLimits.MaxSamplesPerRequest} per request");
        for (int i = 0; i < request.Samples.Length; i++)
        {
            var s = request.Samples[i] ?? throw ApiException.Invalid($"samples[{i}]", $"samples[{i}] is null");
            Pixels(s.Pixels, $"samples[{i}].pixels");
        }
    }

    public static void Validate(PredictRequest? request)
    {
        if (request is null) throw ApiException.Invalid("$", "the request body is empty");
        if (request.Images is null) throw ApiException.Invalid("images", "images is required");
        if (request.Images.Length == 0) throw ApiException.Invalid("images", "images must not be empty");
        if (request.Images.Length > ApiLimits.MaxImagesPerPredict)
            throw ApiException.TooLarge("images", $"images holds {request.Images.Length} items; at most {ApiLimits.MaxImagesPerPredict} per request");
        for (int i = 0; i < request.Images.Length; i++) Pixels(request.Images[i], $"images[{i}]");
    }

    /// <summary>Checks a stream id taken from the route.</summary>
    public static void StreamId(string? id) => Id(id, "streamId");

    private static void Sample(SampleDto s, string at, bool labelRequired)
    {
        Id(s.Id, at + ".id");
        if (s.Owner is not null) Id(s.Owner, at + ".owner");
        if (s.Label is null && labelRequired) throw ApiException.Invalid(at + ".label", $"{at}.label is required");
        if (s.Label is { } l && (l < 0 || l >= ApiLimits.Classes))
            throw ApiException.Invalid(at + ".label", $"{at}.label {l} is outside 0..{ApiLimits.Classes - 1}");
        Pixels(s.Pixels, at + ".pixels");
    }

    private static void Pixels(float[]? pixels, string at)
    {
        if (pixels is null) throw ApiException.Invalid(at, $"{at} is required");
        if (pixels.Length != ApiLimits.ImageSize)
            throw ApiException.Invalid(at, $"{at} holds {pixels.Length} values; an image is {ApiLimits.ImageSize} (28×28)");
        for (int j = 0; j < pixels.Length; j++)
            if (!float.IsFinite(pixels[j]))
                throw ApiException.Invalid($"{at}[{j}]", $"{at}[{j}] is {pixels[j]}; pixels must be finite");
    }

    private static void RequestId(string? id, string field) => Id(id, field);

    private static void Id(string? id, string field)
    {
        if (string.IsNullOrWhiteSpace(id)) throw ApiException.Invalid(field, $"{field} is required");
        if (id.Length > ApiLimits.MaxIdLength)
            throw ApiException.Invalid(field, $"{field} is {id.Length} characters; at most {ApiLimits.MaxIdLength}");
        foreach (char c in id)
            if (char.IsControl(c) || c == '/')
                throw ApiException.Invalid(field, $"{field} contains a control character or '/'");
    }
}
