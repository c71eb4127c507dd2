using System.Text.Json;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.IO;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Persistence;

/// <summary>
/// Saved datasets and trained models: UTF-8 JSON with an envelope {"format": "FeatureLearning.Dataset" or
/// "FeatureLearning.Model", "version": 2, ...}; arrays are base64 of little-endian doubles so values round-trip exactly.
/// A dataset stores its task record (so it comes back with its generator), a model its learner spec, its result row,
/// its history table and its task. Files are written to a temporary name and moved into place (<see cref="AtomicFile"/>), so a failure
/// or Ctrl+C never leaves half a file nor replaces the old one. Version-1 files (before the learner contract) are still read.
/// </summary>
public static class FeatureLearningFile
{
    public const string DatasetFormat = "FeatureLearning.Dataset";
    public const string ModelFormat = "FeatureLearning.Model";
    public const int Version = 2;

    public static void SaveDataset(Dataset data, string path, CancellationToken cancel = default, FileWriteSettings? settings = null) =>
        WriteAtomically(path, cancel, settings, w =>
        {
            w.WriteString("format", DatasetFormat);
            w.WriteNumber("version", Version);
            w.WriteNumber("dimension", data.Dimension);
            w.WriteNumber("count", data.Count);
            w.WriteNumber("seed", data.Seed);
            WriteTask(w, data.Generator);
            if (data.Generator is null) w.WriteString("taskType", data.TaskType.ToString());
            cancel.ThrowIfCancellationRequested();
            JsonArrays.Write(w, "x", data.X);
            JsonArrays.Write(w, "y", data.Y);
        });

    public static Dataset LoadDataset(string path) => Read(path, DatasetFormat, (root, version) =>
    {
        int d = root.GetProperty("dimension").GetInt32();
        int count = root.GetProperty("count").GetInt32();
        if (d < 1 || count < 0)
            throw Corrupt($"it declares {count} samples of dimension {d}.");
        var x = JsonArrays.Read(root, "x");
        var y = JsonArrays.Read(root, "y");
        if (y.Length != count || x.Length != (long)count * d)
            throw Corrupt($"the arrays hold {x.Length} values and {y.Length} labels, not the declared {count} samples × dimension {d}.");
        // The task is rebuilt only once the data has confirmed its dimension: a record may not make us allocate more.
        var generator = version == 1 ? ReadLegacyGenerator(root, d) : ReadTask(root, d);
        TaskType? type = generator is null && root.TryGetProperty("taskType", out _) ? JsonEnums.Read<TaskType>(root, "taskType") : null;
        return new Dataset(x, y, d, generator, root.GetProperty("seed").GetInt64(), type);
    });

    public static void SaveModel(TrainedModel model, string path, CancellationToken cancel = default, FileWriteSettings? settings = null)
    {
        if (model.GetModel() is not IPersistable persistable)
            throw new FeatureLearningException("FeatureLearning.NotPersistable",
                $"Models of kind {model.ToRow().Learner} cannot be saved.", ErrorKind.InvalidOperation);
        WriteAtomically(path, cancel, settings, w =>
        {
            w.WriteString("format", ModelFormat);
            w.WriteNumber("version", Version);
            w.WritePropertyName("row");
            JsonSerializer.Serialize(w, model.ToRow(), SpecJson.Options);
            w.WritePropertyName("spec");
            if (model.GetSpec() is { } spec) JsonSerializer.Serialize(w, spec, SpecJson.Options);
            else w.WriteNullValue();
            WriteTask(w, model.GetGenerator());
            w.WriteStartObject("model");
            w.WriteString("kind", persistable.PersistenceKind);
            persistable.WriteParameters(w);
            w.WriteEndObject();
            cancel.ThrowIfCancellationRequested();
            var history = model.GetHistory();
            w.WriteStartObject("history");
            w.WriteStartArray("columns");
            foreach (var c in history.Columns) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteNumber("rows", history.Count);
            JsonArrays.Write(w, "values", history.Rows.SelectMany(r => r).ToArray());
            w.WriteEndObject();
        });
    }

    public static TrainedModel LoadModel(string path) => Read(path, ModelFormat, (root, version) =>
    {
        if (version == 1) return ReadLegacyModel(root);
        var row = SpecJson.Deserialize<ResultRow>(root.GetProperty("row"), "The stored row");
        var specElement = root.GetProperty("spec");
        var spec = specElement.ValueKind == JsonValueKind.Null ? null : SpecJson.Deserialize<LearnerSpec>(specElement, "The stored learner");
        spec?.Validate(row.D);
        var modelElement = root.GetProperty("model");
        var model = PersistenceRegistry.ReadModel(modelElement.GetProperty("kind").GetString()!, modelElement);
        if (model.InputDimension != row.D)
            throw Corrupt($"the model takes inputs of dimension {model.InputDimension} but the row says d = {row.D}.");
        var h = root.GetProperty("history");
        var columns = h.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToArray();
        int rows = h.GetProperty("rows").GetInt32();
        var values = JsonArrays.ReadAny(h, "values");
        // Zero columns hold zero values whatever the row count: the count alone must not make us allocate rows.
        if (rows < 0 || values.Length != (long)rows * columns.Length || (columns.Length == 0 && rows != 0))
            throw Corrupt($"the history holds {values.Length} values, not {rows} rows × {columns.Length} columns.");
        var history = new HistoryTable(columns, Enumerable.Range(0, rows).Select(i => values.AsSpan(i * columns.Length, columns.Length).ToArray()).ToArray());
        return new TrainedModel(row, spec, model, history, ReadTask(root, row.D));
    });

    private static void WriteTask(Utf8JsonWriter w, IDataGenerator? generator)
    {
        w.WritePropertyName("task");
        if (generator is null) w.WriteNullValue();
        else JsonSerializer.Serialize(w, generator.Task, SpecJson.Options);
    }

    private static IDataGenerator? ReadTask(JsonElement root, int dimension)
    {
        if (!root.TryGetProperty("task", out var t) || t.ValueKind == JsonValueKind.Null) return null;
        var task = SpecJson.Deserialize<TaskSpec>(t, "The stored task");
        if (task.InputDimension != dimension)
            throw Corrupt($"its task has dimension {task.InputDimension} but the data has dimension {dimension}.");
        return task.CreateGenerator();
    }

    private static IDataGenerator? ReadLegacyGenerator(JsonElement root, int dimension)
    {
        if (!root.TryGetProperty("generator", out var g) || g.ValueKind != JsonValueKind.Object) return null;
        int declared = g.TryGetProperty("dimension", out var dim) ? dim.GetInt32() : g.TryGetProperty("bits", out var bits) ? bits.GetInt32() : dimension;
        if (declared != dimension)
            throw Corrupt($"its task has dimension {declared} but the data has dimension {dimension}.");
        return PersistenceRegistry.ReadGenerator(g.GetProperty("kind").GetString()!, g);
    }

    /// <summary>A version-1 model: no learner spec (settings as text), history as two-layer-net records.</summary>
    private static TrainedModel ReadLegacyModel(JsonElement root)
    {
        int d = root.GetProperty("d").GetInt32();
        var modelElement = root.GetProperty("model");
        var model = PersistenceRegistry.ReadModel(modelElement.GetProperty("kind").GetString()!, modelElement);
        var records = root.GetProperty("history").EnumerateArray().Select(ReadLegacyRecord).ToList();
        var generator = ReadLegacyGenerator(root, d);
        var row = new ResultRow
        {
            Learner = root.GetProperty("learner").GetString()!,
            Settings = root.GetProperty("settings").GetString() ?? "",
            Task = root.GetProperty("task").GetString()!,
            D = d,
            N = root.GetProperty("n").GetInt32(),
            Seed = root.GetProperty("seed").GetInt64(),
            TestError = JsonDoubles.Read(root, "testError"),
            TestMse = JsonDoubles.Read(root, "testMse"),
            TrainError = JsonDoubles.Read(root, "trainError"),
            BayesError = JsonDoubles.Read(root, "bayesError"),
            NullError = generator?.NullError ?? double.NaN,
            TestSamples = root.GetProperty("testSamples").GetInt32(),
            Seconds = JsonDoubles.Read(root, "seconds"),
        };
        return new TrainedModel(row, null, model, HistoryTable.From(records, r => r.Flatten()), generator);
    }

    /// <summary>A version-1 history point; its declared sizes must match its arrays (they index them).</summary>
    private static TrainingRecord ReadLegacyRecord(JsonElement r)
    {
        int hidden = r.GetProperty("hidden").GetInt32(), directions = r.GetProperty("directions").GetInt32();
        var (overlaps, self, readout) = (JsonArrays.Read(r, "r"), JsonArrays.Read(r, "q"), JsonArrays.Read(r, "v"));
        if (hidden < 0 || directions < 0 || overlaps.Length != (long)hidden * directions || self.Length != (long)hidden * hidden || readout.Length != hidden)
            throw Corrupt($"a history point declares K = {hidden} units and {directions} directions but holds {overlaps.Length} R, {self.Length} Q and {readout.Length} v values.");
        return new TrainingRecord(r.GetProperty("time").GetDouble(), r.GetProperty("step").GetInt64(), JsonDoubles.Read(r, "epoch"),
            JsonDoubles.Read(r, "trainLoss"), JsonDoubles.Read(r, "testError"), JsonDoubles.Read(r, "testLoss"), hidden, directions, overlaps, self, readout);
    }

    private static FeatureLearningException Corrupt(string why) => new("FeatureLearning.CorruptFile", why, ErrorKind.InvalidData);

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <summary>
    /// Writes through <see cref="AtomicFile"/>: a hidden temporary file beside the target, renamed over it only when
    /// complete and not cancelled, under the target's lock; so a failure or Ctrl+C leaves the old file as it was, and
    /// temporary files of a killed write are removed by the next one.
    /// </summary>
    private static void WriteAtomically(string path, CancellationToken cancel, FileWriteSettings? settings, Action<Utf8JsonWriter> body) =>
        AtomicFile.Write(path, (temporary, _) =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            using var w = new Utf8JsonWriter(stream, WriterOptions);
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
            w.Flush();
            cancel.ThrowIfCancellationRequested();
            stream.Flush(flushToDisk: true);   // the rename must not publish a file whose blocks are not on disk yet
        }, cancel: cancel, settings: settings);

    private static T Read<T>(string path, string format, Func<JsonElement, int, T> body)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FeatureLearningException("FeatureLearning.FileNotFound", $"'{full}' does not exist.", ErrorKind.InvalidArgument);
        // Parsing holds the text and then the decoded arrays (about 1.75 times the file): refuse what cannot fit before reading.
        long length = new FileInfo(full).Length;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (length > int.MaxValue || 2 * length > available / 2)
            throw new FeatureLearningException("FeatureLearning.FileTooLarge",
                $"'{full}' is {length / 1e9:F1} GB; reading it needs about {2 * length / 1e9:F1} GB of the {available / 1e9:F1} GB available " +
                $"and files above {int.MaxValue / 1e9:F1} GB cannot be parsed. Save smaller datasets (e.g. fewer samples per file).",
                ErrorKind.ResourceUnavailable);
        try
        {
            using var stream = File.OpenRead(full);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String)
                throw new FeatureLearningException("FeatureLearning.ForeignFile", $"'{full}' is not a FeatureLearning file (no \"format\" field).", ErrorKind.InvalidData);
            if (f.GetString() != format)
                throw new FeatureLearningException("FeatureLearning.ForeignFile", $"'{full}' holds a {f.GetString()}, not a {format}.", ErrorKind.InvalidData);
            int version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : -1;
            if (version is not (1 or Version))
                throw new FeatureLearningException("FeatureLearning.UnsupportedVersion",
                    $"'{full}' has format version {version}; this module reads versions 1 and {Version}. Update the module or re-save the file.", ErrorKind.InvalidData);
            return body(root, version);
        }
        catch (FeatureLearningException ex) when (!ex.Message.Contains(full))
        {
            throw new FeatureLearningException(ex.ErrorId, $"'{full}': {ex.Message}", ex.Kind, ex);
        }
        catch (JsonException ex)
        {
            throw new FeatureLearningException("FeatureLearning.CorruptFile", $"'{full}' is not valid JSON ({ex.Message}); the file is corrupt or truncated.", ErrorKind.InvalidData, ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new FeatureLearningException("FeatureLearning.CorruptFile", $"'{full}' is missing a field or has a wrong value ({ex.Message}).", ErrorKind.InvalidData, ex);
        }
    }
}
