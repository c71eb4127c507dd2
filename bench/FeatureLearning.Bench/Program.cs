using FeatureLearning.Bench;

// Usage: FeatureLearning.Bench write-data DIR
//        FeatureLearning.Bench blas-core   (the OpenBLAS kernels' core the module runs on; the peers are given the same)
//        FeatureLearning.Bench run CASE DIR [--n N] [--extra E] [--reps R] [--warmup W] [--backend auto|managed|native]
// Prints one JSON line per case (bench/Run-Benchmarks.ps1 collects them).
if (args.Length >= 2 && args[0] == "write-data")
{
    BenchData.WriteAll(args[1]);
    return 0;
}
if (args.Length >= 1 && args[0] == "blas-core")
{
    Console.WriteLine(FeatureLearning.Core.Numerics.OpenBlas.Core);
    return 0;
}
if (args.Length < 3 || args[0] != "run")
{
    Console.Error.WriteLine("usage: write-data DIR | blas-core | run CASE DIR [--n N] [--extra E] [--reps R] [--warmup W] [--backend B]");
    return 2;
}
string name = args[1], dir = args[2];
int n = 0, extra = 0, reps = 5, warmup = 1;
string backend = "auto";
for (int i = 3; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--n": n = int.Parse(args[i + 1]); break;
        case "--extra": extra = int.Parse(args[i + 1]); break;
        case "--reps": reps = int.Parse(args[i + 1]); break;
        case "--warmup": warmup = int.Parse(args[i + 1]); break;
        case "--backend": backend = args[i + 1]; break;
        default: throw new ArgumentException($"Unknown option {args[i]}.");
    }
}
using var scope = FeatureLearning.Core.Numerics.DenseBackend.Use(Enum.Parse<FeatureLearning.Core.Numerics.DenseBackendKind>(backend, ignoreCase: true));
var body = BenchCases.Create(name, dir, n, extra);
var result = Measurement.Run(warmup, reps, body);
result["case"] = name;
result["n"] = n;
result["extra"] = extra;
Console.WriteLine(Measurement.ToJson(result));
return 0;
