using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Which plan rows belong to, computed from the plan's serialized form only (so it keeps working when the plan's content
/// types change): the identity is the SHA-256 of the plan's compact JSON (task, learners with their settings, trial
/// list, test samples, format version). A results file records it in its header; resuming refuses another plan's file.
/// </summary>
public static class SweepPlanIdentity
{
    public const string Prefix = "sha256:";

    public static string Of(SweepPlan plan)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var sink = new HashingStream(hash))
            JsonSerializer.Serialize(sink, plan, SweepJson.Compact);
        return Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A file-name-safe form of an identity (its hex digits).</summary>
    public static string FileName(string identity) => identity.StartsWith(Prefix, StringComparison.Ordinal) ? identity[Prefix.Length..] : identity;

    /// <summary>
    /// Ids of the trials that mean the same in both plans: same trial fields, same everything else in the plan, where a
    /// trial field that indexes a plan list ("learner": 2 into "learners") counts as the entry it points to. A row
    /// computed under <paramref name="earlier"/> is valid under <paramref name="current"/> exactly for these trials
    /// (what lets a Slurm sweep keep its rows after plan.json was fixed for one learner).
    /// </summary>
    public static HashSet<int> UnchangedTrials(SweepPlan earlier, SweepPlan current)
    {
        var before = TrialFingerprints(earlier);
        var after = TrialFingerprints(current);
        var same = new HashSet<int>();
        foreach (var (id, fingerprint) in after)
            if (before.TryGetValue(id, out var old) && old == fingerprint) same.Add(id);
        return same;
    }

    internal static Dictionary<int, UInt128> TrialFingerprints(SweepPlan plan)
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(plan, SweepJson.Compact));
        var root = document.RootElement;
        var trials = root.GetProperty("trials");

        // Plan lists that trials point into, found from the trials' own integer fields.
        var referenced = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var trial in trials.EnumerateArray())
            foreach (var field in trial.EnumerateObject())
                if (field.Value.ValueKind == JsonValueKind.Number && !referenced.ContainsKey(field.Name)
                    && root.TryGetProperty(field.Name + "s", out var list) && list.ValueKind == JsonValueKind.Array)
                    referenced[field.Name] = list;
        var referencedLists = referenced.Keys.Select(k => k + "s").ToHashSet(StringComparer.Ordinal);

        var buffer = new ArrayBufferWriter<byte>(1024);
        foreach (var member in root.EnumerateObject())
        {
            if (member.Name == "trials" || referencedLists.Contains(member.Name)) continue;
            Append(buffer, JsonMarshal.GetRawUtf8PropertyName(member));
            Append(buffer, JsonMarshal.GetRawUtf8Value(member.Value));
        }
        var context = SHA256.HashData(buffer.WrittenSpan);
        // Each entry of a referenced list is hashed once; a trial then adds the entry's hash.
        var entries = referenced.ToDictionary(p => p.Key, p => p.Value.EnumerateArray().Select(e => SHA256.HashData(JsonMarshal.GetRawUtf8Value(e))).ToArray());

        var fingerprints = new Dictionary<int, UInt128>(trials.GetArrayLength());
        foreach (var trial in trials.EnumerateArray())
        {
            buffer.ResetWrittenCount();
            buffer.Write(context);
            foreach (var field in trial.EnumerateObject())
            {
                Append(buffer, JsonMarshal.GetRawUtf8PropertyName(field));
                if (entries.TryGetValue(field.Name, out var list) && field.Value.TryGetInt32(out int index) && index >= 0 && index < list.Length)
                    Append(buffer, list[index]);
                else
                    Append(buffer, JsonMarshal.GetRawUtf8Value(field.Value));
            }
            var digest = SHA256.HashData(buffer.WrittenSpan);
            fingerprints[trial.GetProperty("id").GetInt32()] = new UInt128(BitConverter.ToUInt64(digest, 0), BitConverter.ToUInt64(digest, 8));
        }
        return fingerprints;
    }

    private static void Append(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        buffer.Write(bytes);
        buffer.Write("\0"u8);
    }


    /// <summary>A write-only stream that feeds a hash (so a large plan is hashed without holding its JSON).</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
