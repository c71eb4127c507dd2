#!/usr/bin/env python3
"""A Slurm stand-in for the sweep tests: sbatch, squeue, sacct, scontrol and sacctmgr of a large simulated cluster.

State and configuration live in $FLSIM_DIR (config.json written by the test, state.json kept here). Simulated time
advances one tick per `squeue` call. The cluster enforces the limits a real one does (MaxArraySize, max_array_tasks,
MaxJobCount, a per-user submit limit counting array tasks one by one), queues tasks for a fixed number of slots, and
ends a configurable fraction of task runs badly (at random, or every n-th run in turn): preempted or node failure (requeued when the job asked for --requeue),
time limit, cancelled, or one trial throwing. It does not run trials: a task that runs writes, for each of its trials,
the row of a template results file (a real one, written by Invoke-Sweep) into results/JOB_TASK.jsonl in the real
format, resuming its own file after a requeue as run-chunk.ps1 does; a task that is killed leaves a prefix of its rows
and half a line. #SBATCH headers are parsed with sbatch's rules (quotes, backslash escapes, '#' comments, parsing stops
at the first command), and the script's command line is split as bash would (shlex) to find the chunk list and results.
"""
import fcntl, json, os, random, re, shlex, sys

SIM = os.environ.get("FLSIM_DIR") or sys.exit("slurmsim: FLSIM_DIR is not set")
USER = os.environ.get("FLSIM_USER") or os.environ.get("USER") or "root"
DEFAULTS = {
    "max_array_size": 1001, "max_array_tasks": None, "max_job_count": 10000, "max_submit_jobs": None,
    "accounting": True, "sacctmgr": True, "slots": 100, "trials_per_tick": 50, "fail_rate": 0.0, "fail_every": None,
    "fail_kinds": {"preempt": 1, "node_fail": 1, "timeout": 1, "cancelled": 1, "trial_error": 1},
    "other_jobs": 0, "seed": 1, "template": None, "transient_sbatch_failures": 0,
}
OPTIONS = {"job-name", "array", "ntasks", "cpus-per-task", "partition", "time", "requeue", "no-requeue", "open-mode",
           "chdir", "output", "error", "account", "qos", "mem", "parsable", "export", "constraint", "gres", "nodes", "comment"}


def load(name, default):
    path = os.path.join(SIM, name)
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return json.load(f)


def save(name, value):
    path = os.path.join(SIM, name)
    with open(path + ".tmp", "w") as f:
        json.dump(value, f)
    os.replace(path + ".tmp", path)


def fail(message, code=1):
    sys.stderr.write(message + "\n")
    sys.exit(code)


# ---- #SBATCH parsing, after sbatch's _get_argument (src/sbatch/opt.c) --------------------------------------
def get_arguments(line):
    args, i, n = [], 0, len(line)
    while True:
        while i < n and line[i].isspace():
            i += 1
        if i >= n:
            return args
        arg, quoted, q, escape = [], False, "", False
        while i < n and (quoted or not line[i].isspace()):
            c = line[i]
            if escape:
                escape = False
            elif c == "\\":
                escape, i = True, i + 1
                continue
            elif quoted:
                if c == q:
                    quoted, i = False, i + 1
                    continue
            elif c in "\"'":
                quoted, q, i = True, c, i + 1
                continue
            elif c == "#":
                return args + (["".join(arg)] if arg else [])
            arg.append(c)
            i += 1
        args.append("".join(arg))


def parse_script(text):
    lines = text.split("\n")
    if not lines[0].startswith("#!"):
        fail("sbatch: error: This does not look like a batch script.  The first\nsbatch: error: line must start with #! followed by the path to an interpreter.")
    options, body_start = {}, len(lines)
    for index, line in enumerate(lines[1:], 1):
        stripped = line.strip()
        if stripped.startswith("#SBATCH"):
            for argument in get_arguments(stripped[len("#SBATCH"):]):
                if not argument.startswith("--"):
                    fail(f"sbatch: error: Invalid directive found in batch script: {argument}")
                name, _, value = argument[2:].partition("=")
                if name not in OPTIONS:
                    fail(f"sbatch: unrecognized option '{argument}'")
                options[name] = value
        elif stripped == "" or stripped.startswith("#"):
            continue
        else:
            body_start = index
            break
    return options, "\n".join(lines[body_start:])


def array_indices(spec, config):
    m = re.fullmatch(r"(\d+)-(\d+)(?:%(\d+))?", spec or "")
    if not m:
        fail("sbatch: error: Batch job submission failed: Invalid job array specification")
    first, last, limit = int(m.group(1)), int(m.group(2)), m.group(3)
    if last >= config["max_array_size"] or (config["max_array_tasks"] and last - first + 1 > config["max_array_tasks"]):
        fail("sbatch: error: Batch job submission failed: Invalid job array specification")
    return list(range(first, last + 1)), int(limit) if limit else None


def worker_arguments(body):
    """The chunk list and results path of run-chunk.ps1's command line, as bash would split it."""
    lines = [l for l in body.replace("\\\n", " ").split("\n") if l.strip()]
    words = shlex.split(lines[-1], comments=False) if lines else []
    found = {}
    for key in ("-Chunks", "-Results"):
        if key in words:
            found[key] = words[words.index(key) + 1]
    if len(found) != 2:
        fail("slurmsim: the script has no run-chunk.ps1 command line with -Chunks and -Results")
    return found["-Chunks"], found["-Results"], words


# ---- the cluster ------------------------------------------------------------------------------------------
def active(task):
    return task["state"] in ("PENDING", "RUNNING")


def user_tasks(state):
    return sum(1 for job in state["jobs"].values() for t in job["tasks"] if active(t))


def job_records(state, config):
    records = config["other_jobs"]
    for job in state["jobs"].values():
        if any(t["state"] == "PENDING" for t in job["tasks"]):
            records += 1
        records += sum(1 for t in job["tasks"] if t["state"] == "RUNNING")
    return records


def sbatch(argv, state, config):
    script = next((a for a in argv if not a.startswith("-")), None)
    if script is None:
        fail("sbatch: error: no batch script given")
    for a in argv:
        if a.startswith("--") and a[2:].partition("=")[0] not in OPTIONS:
            fail(f"sbatch: unrecognized option '{a}'")
    if state.get("transient_left", config["transient_sbatch_failures"]) > 0:
        state["transient_left"] = state.get("transient_left", config["transient_sbatch_failures"]) - 1
        save("state.json", state)
        fail("sbatch: error: Batch job submission failed: Socket timed out on send/recv operation")
    state["transient_left"] = 0
    with open(script) as f:
        options, body = parse_script(f.read())
    indices, max_running = array_indices(options.get("array"), config)
    if config["max_submit_jobs"] is not None and user_tasks(state) + len(indices) > config["max_submit_jobs"]:
        fail("sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)")
    if job_records(state, config) + 1 > config["max_job_count"]:
        fail("sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying\nsbatch: error: Batch job submission failed: Resource temporarily unavailable")
    chunks, results, command = worker_arguments(body)
    job_id = str(state["next_id"])
    state["next_id"] += 1
    state["jobs"][job_id] = {
        "options": options, "extra": [a for a in argv if a != script], "script": script, "max_running": max_running,
        "chunks": chunks, "results": results, "command": command, "requeue": "requeue" in options,
        "tasks": [{"index": i, "state": "PENDING", "restarts": 0, "exit": "0:0"} for i in indices],
    }
    state["submissions"].append({"job": job_id, "tasks": len(indices), "user_tasks_before": user_tasks(state) - len(indices)})
    save("state.json", state)
    print(job_id if "--parsable" in argv else f"Submitted batch job {job_id}")


def chunk_trials(path, index, cache={}):
    if path not in cache:
        with open(path) as f:
            cache[path] = f.read().split("\n")
    ids = []
    for part in cache[path][index].split(","):
        lo, _, hi = part.partition("-")
        ids.extend(range(int(lo), int(hi or lo) + 1))
    return ids


def template():
    with open(CONFIG["template"]) as f:
        lines = f.read().split("\n")
    header = lines[0]
    row = re.match(r'^\{"trial":\d+,"row":(.*)\}$', lines[1]).group(1)
    return header, row


def run_task(job_id, job, task, outcome, rng):
    """Writes what a run of the task leaves in its results file; returns (state, exit code)."""
    header, row = TEMPLATE
    trials = chunk_trials(job["chunks"], task["index"])
    path = job["results"].replace("${SLURM_ARRAY_JOB_ID}", job_id).replace("${SLURM_ARRAY_TASK_ID}", str(task["index"]))
    done, text = set(), ""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
        text = text[: text.rfind("\n") + 1]          # cut a half-written line, as the real worker does
        done = {int(m) for m in re.findall(r'^\{"trial":(\d+),"row"', text, re.M)}
    todo = [t for t in trials if t not in done]
    lines = []
    if outcome in ("preempt", "node_fail", "timeout", "cancelled"):
        todo = todo[: rng.randrange(len(todo))] if todo else []
    for t in todo:
        if outcome == "trial_error" and t == todo[-1]:
            lines.append(f'{{"trial":{t},"error":{{"id":"FeatureLearning.SimulatedError","message":"simulated failure of trial {t}"}}}}\n')
        else:
            lines.append(f'{{"trial":{t},"row":{row}}}\n')
    if outcome in ("preempt", "node_fail", "timeout", "cancelled"):
        lines.append('{"trial":%d,"row":{"learn' % (trials[-1]))  # killed mid-write
    with open(path, "w") as f:
        f.write((text or header + "\n") + "".join(lines))
    err = path.replace("/results/", "/logs/").replace(".jsonl", ".err")
    os.makedirs(os.path.dirname(err), exist_ok=True)
    with open(err, "a") as f:
        f.write(f"slurmsim: run {task['restarts']} of {job_id}_{task['index']} ended: {outcome}\n")
    return {"ok": ("COMPLETED", "0:0"), "trial_error": ("FAILED", "1:0"), "preempt": ("PREEMPTED", "0:15"),
            "node_fail": ("NODE_FAIL", "0:0"), "timeout": ("TIMEOUT", "0:15"), "cancelled": ("CANCELLED", "0:15")}[outcome]


def tick(state, config):
    rng = random.Random(config["seed"] * 1000003 + state["tick"])
    state["tick"] += 1
    now = state["tick"]
    kinds = [k for k, w in config["fail_kinds"].items() for _ in range(w)]
    running = 0
    for job_id, job in state["jobs"].items():
        for task in job["tasks"]:
            if task["state"] == "RUNNING" and task["end"] <= now:
                run = state["runs"] + 1
                if config["fail_every"]:    # every n-th run ends badly, the kinds in turn
                    outcome = kinds[(run // config["fail_every"] - 1) % len(kinds)] if run % config["fail_every"] == 0 else "ok"
                else:
                    outcome = rng.choice(kinds) if rng.random() < config["fail_rate"] else "ok"
                final, code = run_task(job_id, job, task, outcome, rng)
                state["runs"] += 1
                state["outcomes"][outcome] = state["outcomes"].get(outcome, 0) + 1
                if final in ("PREEMPTED", "NODE_FAIL") and job["requeue"]:
                    task.update(state="PENDING", restarts=task["restarts"] + 1)
                else:
                    task.update(state=final, exit=code)
            running += task["state"] == "RUNNING"
    for job_id, job in state["jobs"].items():
        job_running = sum(1 for t in job["tasks"] if t["state"] == "RUNNING")
        for task in job["tasks"]:
            if running >= config["slots"]:
                return
            if task["state"] == "PENDING" and (job["max_running"] is None or job_running < job["max_running"]):
                trials = len(chunk_trials(job["chunks"], task["index"]))
                task.update(state="RUNNING", end=now + 1 + trials // config["trials_per_tick"])
                running += 1
                job_running += 1


def squeue(argv, state, config):
    tick(state, config)
    save("state.json", state)
    fmt = argv[argv.index("-o") + 1] if "-o" in argv else "%i|%T"
    mine = "-u" in argv and argv[argv.index("-u") + 1] == USER
    per_task = "-r" in argv
    out = []
    if "-u" not in argv:
        out = ["%d" % (900000 + i) for i in range(config["other_jobs"])]
    if mine or "-u" not in argv:
        for job_id, job in state["jobs"].items():
            pending = [t for t in job["tasks"] if t["state"] == "PENDING"]
            shown = [t for t in job["tasks"] if t["state"] == "RUNNING"] + (pending if per_task else [])
            for t in shown:
                out.append(fmt.replace("%F", job_id).replace("%K", str(t["index"])).replace("%T", t["state"])
                           .replace("%i", f"{job_id}_{t['index']}"))
            if pending and not per_task:
                out.append(fmt.replace("%F", job_id).replace("%K", "N/A").replace("%T", "PENDING").replace("%i", f"{job_id}_[...]"))
    print("\n".join(out))


def sacct(argv, state, config):
    if not config["accounting"]:
        fail("sacct: error: Slurm accounting storage is disabled")
    ids = argv[argv.index("-j") + 1].split(",")
    out = []
    for job_id in ids:
        for t in state["jobs"].get(job_id, {"tasks": []})["tasks"]:
            out.append(f"{job_id}_{t['index']}|{t['state']}|{t['exit']}")
    print("\n".join(out))


def scontrol(argv, state, config):
    if argv[:2] == ["show", "config"]:
        print(f"MaxArraySize            = {config['max_array_size']}")
        print(f"MaxJobCount             = {config['max_job_count']}")
        params = f"max_array_tasks={config['max_array_tasks']}" if config["max_array_tasks"] else "(null)"
        print(f"SchedulerParameters     = bf_interval=30,{params}")
        return
    if argv[:3] == ["-o", "show", "job"]:
        job = state["jobs"].get(argv[3])
        if job is None:
            fail("slurm_load_jobs error: Invalid job id specified")
        for t in job["tasks"]:
            print(f"JobId={argv[3]}{t['index']} ArrayJobId={argv[3]} ArrayTaskId={t['index']} JobName=x JobState={t['state']} "
                  f"Restarts={t['restarts']} ExitCode={t['exit']}")
        return
    fail("slurmsim: scontrol " + " ".join(argv) + " is not simulated")


def sacctmgr(argv, state, config):
    if not config["sacctmgr"]:
        fail("sacctmgr: error: Problem talking to the database: Connection refused")
    if "assoc" in argv:
        limit = "" if config["max_submit_jobs"] is None else str(config["max_submit_jobs"])
        print(f"{limit}||normal|normal")
    elif "qos" in argv:
        print("normal|")


CONFIG = dict(DEFAULTS, **load("config.json", {}))
TEMPLATE = None


def main():
    global TEMPLATE
    command, argv = os.path.basename(sys.argv[1]), sys.argv[2:]
    with open(os.path.join(SIM, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = load("state.json", {"next_id": 1000, "tick": 0, "jobs": {}, "submissions": [], "runs": 0, "outcomes": {}})
        state.setdefault("calls", {})
        state["calls"][command] = state["calls"].get(command, 0) + 1
        if command == "squeue" and CONFIG["template"]:
            TEMPLATE = template()
        {"sbatch": sbatch, "squeue": squeue, "sacct": sacct, "scontrol": scontrol, "sacctmgr": sacctmgr}[command](argv, state, CONFIG)
        if command not in ("sbatch", "squeue"):
            save("state.json", state)


if __name__ == "__main__":
    main()
