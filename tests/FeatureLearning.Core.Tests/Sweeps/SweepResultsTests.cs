using System.Text;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Sweeps;

namespace FeatureLearning.Core.Tests.Sweeps;

public sealed class SweepResultsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"fl-results-{Guid.NewGuid():N}");

    public SweepResultsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name) => Path.Combine(_folder, name);

    private static ResultRow Row(int n, long seed, double error = 0.25) => new()
    {
        Learner = "KernelRidge", Settings = "Rbf ridge=auto", Task = "Xor", D = 16, N = n, Seed = seed, TestError = error, TrainError = 0.125,
        TestMse = 0.5, NullError = 0.5, Seconds = 0.01, Diagnostics = new[] { new Diagnostic("Ridge", 1e-3 * n) },
    };

    private static TrialOutcome Outcome(int id, ResultRow? row) =>
        new(new SweepTrial(id, 0, row?.N ?? 1, row?.Seed ?? 0, 32), row, row is null ? new TrialError("FeatureLearning.Test", $"trial {id} \"failed\"") : null);

    [Fact]
    public void RowsRoundTripAsTheyWereWrittenAndOnlyParseRowKnowsTheirType()
    {
        var path = File("a.jsonl");
        var rows = Enumerable.Range(0, 5).Select(i => Row(16 + i, i, i / 7.0)).ToList();
        using (var writer = new SweepResultsWriter(path, "sha256:abc"))
        {
            for (int i = 0; i < rows.Count; i++) writer.Write(Outcome(i, rows[i]));
            writer.Write(Outcome(9, null));
        }
        var results = SweepResults.Read(path);
        Assert.Equal("sha256:abc", results.Header!.Plan);
        Assert.Equal(SweepResults.CurrentVersion, results.Header.Version);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(SweepTestData.Key(rows[i]), SweepTestData.Key(SweepResults.ParseRow(results.Rows[i])));
        Assert.Equal("trial 9 \"failed\"", results.Errors[9].Message);
    }

    [Fact]
    public void AHalfWrittenLineIsIgnoredAndCutAndACorruptLineIsSkipped()
    {
        var path = File("b.jsonl");
        using (var writer = new SweepResultsWriter(path, "sha256:abc"))
            writer.Write(Outcome(0, Row(16, 0)));
        System.IO.File.AppendAllText(path, "this is not json\n{\"trial\":1,\"row\":{\"learner\":\"Ke");
        var read = SweepResults.Read(path);
        Assert.Single(read.Rows);
        Assert.Equal(1, read.CorruptLines);
        using (var writer = new SweepResultsWriter(path, "sha256:abc"))
        {
            Assert.Single(writer.Existing.Rows);
            writer.Write(Outcome(1, Row(16, 1)));
        }
        var lines = System.IO.File.ReadAllLines(path);
        Assert.Equal(4, lines.Length);                       // header, row 0, the corrupt line (kept, skipped), row 1
        Assert.EndsWith("}", lines[^1]);
        Assert.Equal(new[] { 0, 1 }, SweepResults.Read(path).Rows.Keys.Order());
    }

    [Fact]
    public void ASecondWriterIsRefusedWhileTheFirstHoldsTheFile()
    {
        var path = File("c.jsonl");
        using (var first = new SweepResultsWriter(path, "sha256:abc"))
        {
            var ex = Assert.Throws<FeatureLearningException>(() => new SweepResultsWriter(path, "sha256:abc"));
            Assert.Equal("FeatureLearning.SweepResultsInUse", ex.ErrorId);
            first.Write(Outcome(0, Row(16, 0)));
            Assert.Single(SweepResults.Read(path).Rows);     // readers are not blocked
        }
        Assert.False(System.IO.File.Exists(path + ".lock"));          // removed when the writer closed
        using (var again = new SweepResultsWriter(path, "sha256:abc"))
            Assert.Single(again.Existing.Rows);
        // A lock file left by a killed writer is taken over, not mistaken for a live one.
        System.IO.File.WriteAllText(path + ".lock", "");
        using (var after = new SweepResultsWriter(path, "sha256:abc"))
            Assert.Single(after.Existing.Rows);
        Assert.False(System.IO.File.Exists(path + ".lock"));
    }

    [Fact]
    public void ResumingRefusesAnotherPlansFileAndAFileWithoutIdentity()
    {
        var path = File("d.jsonl");
        using (var writer = new SweepResultsWriter(path, "sha256:aaa")) writer.Write(Outcome(0, Row(16, 0)));
        var other = Assert.Throws<FeatureLearningException>(() => new SweepResultsWriter(path, "sha256:bbb"));
        Assert.Equal("FeatureLearning.SweepResultsMismatch", other.ErrorId);
        Assert.Contains("new -ResultsPath", other.Message);
        Assert.Equal("FeatureLearning.SweepResultsExist", Assert.Throws<FeatureLearningException>(() => new SweepResultsWriter(path, "sha256:aaa", resume: false)).ErrorId);

        var old = File("v1.jsonl");
        System.IO.File.WriteAllText(old, "{\"format\":\"FeatureLearning.SweepResults\",\"version\":1}\n{\"trial\":0,\"row\":" +
            System.Text.Json.JsonSerializer.Serialize(Row(16, 0), SweepJson.Compact) + "}\n");
        Assert.Single(SweepResults.Read(old).Rows);          // still readable
        var v1 = Assert.Throws<FeatureLearningException>(() => new SweepResultsWriter(old, "sha256:aaa"));
        Assert.Equal("FeatureLearning.SweepResultsMismatch", v1.ErrorId);
        Assert.Contains("older FeatureLearning", v1.Message);
    }

    [Fact]
    public void PlanIdentityChangesWithEveryPartOfThePlanAndSurvivesARoundTrip()
    {
        var plan = SweepTestData.Plan();
        string identity = SweepPlanIdentity.Of(plan);
        Assert.StartsWith("sha256:", identity);
        Assert.Equal(identity, SweepPlanIdentity.Of(SweepPlan.Parse(plan.ToJson())));
        var learners = SweepTestData.Learners();
        var variants = new[]
        {
            SweepTestData.Plan(learners, generator: new Data.GaussianMixtureGenerator(17, 4.0, Data.MixtureKind.Xor, seed: 5)),
            SweepTestData.Plan(learners, generator: new Data.GaussianMixtureGenerator(16, 4.5, Data.MixtureKind.Xor, seed: 5)),
            SweepTestData.Plan(learners.Take(2).Append(new KernelRidgeSpec { Ridge = 0.5 }).ToList()),
            SweepTestData.Plan(learners, seeds: new long[] { 0, 2 }),
            SweepTestData.Plan(learners, testSamples: SweepTestData.TestSamples + 1),
        };
        Assert.Equal(variants.Length + 1, variants.Select(SweepPlanIdentity.Of).Append(identity).Distinct().Count());
    }

    [Fact]
    public void UnchangedTrialsAreThoseWhoseLearnerTaskAndDataDidNotChange()
    {
        var plan = SweepTestData.Plan();
        var learners = SweepTestData.Learners();
        // A fix to the kernel learner (index 2) leaves the other learners' trials valid.
        var fixedKernel = SweepTestData.Plan(learners.Take(2).Append(new KernelRidgeSpec { Ridge = 0.5 }).ToList());
        var same = SweepPlanIdentity.UnchangedTrials(plan, fixedKernel);
        Assert.Equal(plan.Trials.Where(t => t.Learner != 2).Select(t => t.Id).Order(), same.Order());
        // Another dimension changes every trial.
        var wider = SweepTestData.Plan(learners, generator: new Data.GaussianMixtureGenerator(17, 4.0, Data.MixtureKind.Xor, seed: 5));
        Assert.Empty(SweepPlanIdentity.UnchangedTrials(plan, wider));
        Assert.Equal(plan.Trials.Count, SweepPlanIdentity.UnchangedTrials(plan, SweepPlan.Parse(plan.ToJson())).Count);
    }

    [Fact]
    public void TheIndexFindsEachRowOnceAcrossFilesAndDropsRowsOfAnotherPlan()
    {
        var a = File("1_0.jsonl");
        var b = File("1_1.jsonl");
        var c = File("2_0.jsonl");
        using (var writer = new SweepResultsWriter(a, "sha256:now")) { writer.Write(Outcome(0, Row(16, 0))); writer.Write(Outcome(1, null)); }
        using (var writer = new SweepResultsWriter(b, "sha256:now")) { writer.Write(Outcome(2, Row(18, 2))); writer.Write(Outcome(0, Row(16, 0, 0.9))); }
        using (var writer = new SweepResultsWriter(c, "sha256:old")) { writer.Write(Outcome(1, Row(17, 1))); writer.Write(Outcome(3, Row(19, 3))); }
        using var index = new SweepResultIndex(3);
        Func<int, bool>? Accept(string? identity) => identity == "sha256:now" ? null : id => id == 1;
        var seen = new List<string>();
        int fa = index.Add(a, Accept, row => seen.Add(Encoding.UTF8.GetString(row)));
        index.Add(b, Accept, row => seen.Add(Encoding.UTF8.GetString(row)));
        index.Add(c, Accept, row => seen.Add(Encoding.UTF8.GetString(row)));
        Assert.Equal(3, index.RowCount);                      // 0 (first file wins), 2, and 1 from the old plan where it holds
        Assert.Equal(new[] { 3 }, index.StaleTrials);
        Assert.Null(index.ErrorIn(1, fa));                    // trial 1 has a row now, so its error is gone
        var rows = index.Rows(new[] { 0, 1, 2, 3 }).Select(r => (r.Trial, Row: SweepResults.ParseRow(r.Row.Span))).ToList();
        Assert.Equal(new[] { 0, 1, 2 }, rows.Select(r => r.Trial));
        Assert.Equal(0.25, rows[0].Row.TestError);
        Assert.Equal(17, rows[1].Row.N);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void AFileAddedAgainIsReadOnFromWhereTheLastReadStopped()
    {
        var path = File("3_0.jsonl");
        using var index = new SweepResultIndex(9);
        var seen = new List<int>();
        using (var writer = new SweepResultsWriter(path, "sha256:now")) { writer.Write(Outcome(0, Row(16, 0))); writer.Write(Outcome(1, Row(17, 1))); }
        System.IO.File.AppendAllText(path, "{\"trial\":2,\"row\":{\"lear");      // a writer at work
        index.Add(path, _ => null, row => seen.Add(SweepResults.ParseRow(row).N));
        Assert.Equal(2, index.RowCount);
        Assert.Equal(2, index.LinesRead);
        // The writer resumes: it cuts its half line and appends whole ones.
        using (var writer = new SweepResultsWriter(path, "sha256:now")) { writer.Write(Outcome(2, Row(18, 2))); writer.Write(Outcome(3, null)); }
        index.Add(path, _ => null, row => seen.Add(SweepResults.ParseRow(row).N));
        Assert.Equal(3, index.RowCount);
        Assert.Equal(4, index.LinesRead);                     // only the two new lines were read
        Assert.Equal(new[] { 16, 17, 18 }, seen);
        Assert.NotNull(index.LastError(3));
        Assert.Equal(new[] { 16, 17, 18 }, index.Rows(Enumerable.Range(0, 10)).Select(r => SweepResults.ParseRow(r.Row.Span).N));
    }

    [Fact]
    public void CsvHoldsEveryFieldOfEveryRowAndAnIndependentParserReadsItBack()
    {
        // Rows as JSON of two shapes (a nested diagnostics object, a string with a quote and a comma), as the row type may grow.
        var rows = new[]
        {
            "{\"learner\":\"Net, \\\"wide\\\"\",\"n\":16,\"testError\":0.1,\"bayesError\":\"NaN\",\"ok\":true}",
            "{\"learner\":\"Kernel\",\"n\":32,\"testError\":1e-7,\"bayesError\":0.5,\"ok\":false,\"diagnostics\":{\"alignment\":0.75,\"n\":3},\"tags\":[1,2]}",
        };
        var csv = new SweepCsv();
        foreach (var row in rows) csv.Observe(Encoding.UTF8.GetBytes(row));
        var path = File("rows.csv");
        long written = csv.Write(path, rows.Select((r, i) => (i + 10, new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(r)))));
        Assert.Equal(2, written);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(path) { TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        Assert.Equal(new[] { "TrialId", "Learner", "N", "TestError", "BayesError", "Ok", "Alignment", "Diagnostics.N", "Tags" }, header.Select(h => h == "N" ? "N" : h));
        var first = parser.ReadFields()!;
        var second = parser.ReadFields()!;
        Assert.Null(parser.ReadFields());
        Assert.Equal(new[] { "10", "Net, \"wide\"", "16", "0.1", "NaN", "True", "", "", "" }, first);
        Assert.Equal(new[] { "11", "Kernel", "32", "1e-7", "0.5", "False", "0.75", "3", "[1,2]" }, second);
        Assert.False(System.IO.File.Exists(Path.Combine(_folder, ".rows.csv.partial")));
    }
}
