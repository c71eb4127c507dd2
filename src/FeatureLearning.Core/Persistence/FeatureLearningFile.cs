using System.Text.Json;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Persistence;

/// <summary>
/// Saved datasets and trained models: UTF-8 JSON with an envelope {"format": "FeatureLearning.Dataset" or
/// "FeatureLearning.Model", "version": 1, ...}; arrays are base64 of little-endian doubles so values round-trip
/// exactly. Files are written to a temporary name and moved into place, so a failure never leaves half a file.
/// </summary>
public static class FeatureLearningFile
{
    public const string DatasetFormat = "FeatureLearning.Dataset";
    public const string ModelFormat = "FeatureLearning.Model";
    public const int Version = 1;

    public static void SaveDataset(Dataset data, string path, CancellationToken cancel = default) =>
        WriteAtomically(path, w =>
        {
            w.WriteString("format", DatasetFormat);
            w.WriteNumber("version", Version);
            w.WriteNumber("dimension", data.Dimension);
            w.WriteNumber("count", data.Count);
            w.WriteNumber("seed", data.Seed);
            WriteGenerator(w, data.Generator);
            cancel.ThrowIfCancellationRequested();
            JsonArrays.Write(w, "x", data.X);
            JsonArrays.Write(w, "y", data.Y);
        });

    public static Dataset LoadDataset(string path) => Read(path, DatasetFormat, root =>
    {
        int d = root.GetProperty("dimension").GetInt32();
        var x = JsonArrays.Read(root, "x");
        var y = JsonArrays.Read(root, "y");
        if (y.Length != root.GetProperty("count").GetInt32() || x.Length != (long)y.Length * d)
            throw new FeatureLearningException("FeatureLearning.CorruptFile", $"'{path}': the arrays do not match the stored count and dimension.", ErrorKind.InvalidData);
        return new Dataset(x, y, d, ReadGenerator(root), root.GetProperty("seed").GetInt64());
    });

    public static void SaveModel(TrainedModel model, string path, CancellationToken cancel = default)
    {
        if (model.Model is not IPersistable persistable)
            throw new FeatureLearningException("FeatureLearning.NotPersistable",
                $"Models of kind {model.Learner} cannot be saved yet.", ErrorKind.InvalidOperation);
        WriteAtomically(path, w =>
        {
            w.WriteString("format", ModelFormat);
            w.WriteNumber("version", Version);
            w.WriteString("learner", model.Learner);
            w.WriteString("task", model.Task);
            w.WriteNumber("d", model.D);
            w.WriteNumber("n", model.N);
            w.WriteNumber("seed", model.Seed);
            JsonDoubles.Write(w, "testError", model.TestError);
            JsonDoubles.Write(w, "testMse", model.TestMse);
            JsonDoubles.Write(w, "trainError", model.TrainError);
            JsonDoubles.Write(w, "bayesError", model.BayesError);
            w.WriteNumber("testSamples", model.TestSamples);
            JsonDoubles.Write(w, "seconds", model.Seconds);
            w.WriteString("settings", model.Settings);
            WriteGenerator(w, model.Generator);
            w.WriteStartObject("model");
            w.WriteString("kind", persistable.PersistenceKind);
            persistable.WriteParameters(w);
            w.WriteEndObject();
            cancel.ThrowIfCancellationRequested();
            w.WriteStartArray("history");
            foreach (var r in model.History)
            {
                w.WriteStartObject();
                w.WriteNumber("time", r.Time); w.WriteNumber("step", r.Step); JsonDoubles.Write(w, "epoch", r.Epoch);
                JsonDoubles.Write(w, "trainLoss", r.TrainLoss); JsonDoubles.Write(w, "testError", r.TestError); JsonDoubles.Write(w, "testLoss", r.TestLoss);
                w.WriteNumber("hidden", r.Hidden); w.WriteNumber("directions", r.Directions);
                JsonArrays.Write(w, "r", r.R); JsonArrays.Write(w, "q", r.Q); JsonArrays.Write(w, "v", r.V);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    public static TrainedModel LoadModel(string path) => Read(path, ModelFormat, root =>
    {
        var modelElement = root.GetProperty("model");
        var model = PersistenceRegistry.ReadModel(modelElement.GetProperty("kind").GetString()!, modelElement);
        var history = new List<TrainingRecord>();
        foreach (var r in root.GetProperty("history").EnumerateArray())
            history.Add(new TrainingRecord(r.GetProperty("time").GetDouble(), r.GetProperty("step").GetInt64(), JsonDoubles.Read(r, "epoch"),
                JsonDoubles.Read(r, "trainLoss"), JsonDoubles.Read(r, "testError"), JsonDoubles.Read(r, "testLoss"),
                r.GetProperty("hidden").GetInt32(), r.GetProperty("directions").GetInt32(),
                JsonArrays.Read(r, "r"), JsonArrays.Read(r, "q"), JsonArrays.Read(r, "v")));
        return new TrainedModel
        {
            Learner = root.GetProperty("learner").GetString()!,
            Task = root.GetProperty("task").GetString()!,
            D = root.GetProperty("d").GetInt32(),
            N = root.GetProperty("n").GetInt32(),
            Seed = root.GetProperty("seed").GetInt64(),
            TestError = JsonDoubles.Read(root, "testError"),
            TestMse = JsonDoubles.Read(root, "testMse"),
            TrainError = JsonDoubles.Read(root, "trainError"),
            BayesError = JsonDoubles.Read(root, "bayesError"),
            TestSamples = root.GetProperty("testSamples").GetInt32(),
            Seconds = JsonDoubles.Read(root, "seconds"),
            Settings = root.GetProperty("settings").GetString() ?? "",
            Model = model,
            History = history,
            Generator = ReadGenerator(root),
        };
    });

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    private static void WriteGenerator(Utf8JsonWriter w, IDataGenerator? generator)
    {
        if (generator is IPersistable p)
        {
            w.WriteStartObject("generator");
            w.WriteString("kind", p.PersistenceKind);
            p.WriteParameters(w);
            w.WriteEndObject();
        }
        else w.WriteNull("generator");
    }

    private static IDataGenerator? ReadGenerator(JsonElement root) =>
        root.TryGetProperty("generator", out var g) && g.ValueKind == JsonValueKind.Object
            ? PersistenceRegistry.ReadGenerator(g.GetProperty("kind").GetString()!, g)
            : null;

    private static void WriteAtomically(string path, Action<Utf8JsonWriter> body)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"The folder '{directory}' does not exist; create it first.");
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = File.Create(temporary))
            using (var w = new Utf8JsonWriter(stream, WriterOptions))
            {
                // Non-finite numbers (NaN errors of tasks without a test set) are legal here.
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeatureLearningException("FeatureLearning.WriteFailed", $"Could not write '{full}': {ex.Message}", ErrorKind.ResourceUnavailable, ex);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static T Read<T>(string path, string format, Func<JsonElement, T> body)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FeatureLearningException("FeatureLearning.FileNotFound", $"'{full}' does not exist.", ErrorKind.InvalidArgument);
        try
        {
            using var stream = File.OpenRead(full);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String)
                throw new FeatureLearningException("FeatureLearning.ForeignFile", $"'{full}' is not a FeatureLearning file (no \"format\" field).", ErrorKind.InvalidData);
            if (f.GetString() != format)
                throw new FeatureLearningException("FeatureLearning.ForeignFile", $"'{full}' holds a {f.GetString()}, not a {format}.", ErrorKind.InvalidData);
            int version = root.TryGetProperty("version", out var v) && v.TryGetInt32(out int n) ? n : -1;
            if (version != Version)
                throw new FeatureLearningException("FeatureLearning.UnsupportedVersion",
                    $"'{full}' has format version {version}; this module reads version {Version}. Update the module or re-save the file.", ErrorKind.InvalidData);
            return body(root);
        }
        catch (FeatureLearningException ex) when (!ex.Message.Contains(full))
        {
            throw new FeatureLearningException(ex.ErrorId, $"'{full}': {ex.Message}", ex.Kind, ex);
        }
        catch (JsonException ex)
        {
            throw new FeatureLearningException("FeatureLearning.CorruptFile", $"'{full}' is not valid JSON ({ex.Message}); the file is corrupt or truncated.", ErrorKind.InvalidData, ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new FeatureLearningException("FeatureLearning.CorruptFile", $"'{full}' is missing a field or has a wrong value ({ex.Message}).", ErrorKind.InvalidData, ex);
        }
    }
}
