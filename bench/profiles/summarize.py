#!/usr/bin/env python3
"""Summarizes async-profiler collapsed stacks (with thread names, `threads` option) as
Markdown: CPU per operation by thread group and by the cost candidates of issue 14, and
the top frames by self and by inclusive time.

    bench/profiles/summarize.py NAME=FILE.collapsed[,FILE2...]:OPS:INTERVAL_MS ...

OPS is how many operations the window served, INTERVAL_MS the sampling interval, so a
frame's samples * interval / ops is its CPU milliseconds per operation.
"""
import re
import sys
from collections import Counter

# Thread groups: the first frame of every stack is "[name tid=N]".
THREADS = [
    ("HTTP requests (Tomcat)", r"^http-nio-"),
    ("job executor", r"JobExecutor|camundaTaskExecutor|job-?executor"),
    ("external task workers (client)", r"TopicSubscriptionManager|ExternalTask|external-task|worker"),
    ("engine REST long-poll handler", r"FetchAndLock|fetch-and-lock"),
    ("GC", r"^G1 |GC Thread|^GC"),
    ("JIT compiler", r"C1 CompilerThre|C2 CompilerThre|CompilerThread"),
    ("HikariCP", r"Hikari"),
]

# What an HTTP request thread was serving: the first matching entry point.
ENTRIES = [
    ("agent API: create consultation", r"dev/hitl/consultation/ConsultationController"),
    ("reviewer API: respond", r"dev/hitl/review/ReviewController"),
    ("engine REST: process start", r"ProcessDefinitionResourceImpl\.(start|submit)"),
    ("engine REST: external tasks (the workers' fetchAndLock, complete, ...)",
     r"ExternalTaskRestServiceImpl|ExternalTaskResourceImpl|FetchAndLock"),
    ("engine REST: task complete", r"/TaskResourceImpl\.complete"),
    ("actuator / metrics", r"actuate|prometheus"),
]

# Cost candidates: a stack counts for a candidate when any frame matches.
CANDIDATES = [
    ("authorization checks", r"AuthorizationManager\.|AuthorizationCheck|checkAuthorization|isAuthorized|CommandChecker"),
    ("history events (producer + db handler)", r"HistoryEventProducer|DbHistoryEventHandler|HistoryEventHandler|HistoricVariableUpdateEventEntity|fireHistoricVariableInstance|HistoryEventProcessor"),
    ("variables: serialization (Spin/Jackson JSON) ", r"org/camunda/spin|JsonValueSerializer|SpinObjectValueSerializer|JacksonJsonDataFormat"),
    ("variables: all work on variables", r"VariableScope|VariableInstanceEntity|VariableStore|setVariable|TypedValueSerializer|ValueFields"),
    ("task-local display copies (ReviewTaskDisplay)", r"dev/hitl/workflow/ReviewTaskDisplay"),
    ("audit trail (dev.hitl.audit)", r"dev/hitl/audit/"),
    ("idempotency (IdempotentCreation/Keys)", r"dev/hitl/consultation/Idempoten"),
    ("rate limit (Bucket4j and the service's limiter, not the request it wraps)",
     r"io/github/bucket4j|dev/hitl/[a-z/]*RateLimit", r"DispatcherServlet|ServletContainer\.service|glassfish/jersey"),
    ("external task fetch-and-lock (long polls)", r"FetchAndLockHandler|FetchExternalTasksCmd|fetchAndLock"),
    ("job acquisition", r"AcquireJobsCmd|AcquireJobsRunnable|SequentialJobAcquisitionRunnable|AcquireJobsCommandFactory"),
    ("job execution", r"ExecuteJobsRunnable|ExecuteJobHelper"),
    ("engine REST ServiceLoader lookups", r"ServiceLoader|EngineUtil\.lookupProcessEngine|lookupProcessEngine"),
    ("Spring Security filters (own work, not the request they wrap)", r"org/springframework/security/",
     r"DispatcherServlet|ServletContainer\.service|glassfish/jersey|ResteasyServlet"),
    ("password/HMAC (VerifiedPasswords, Argon2)", r"VerifiedPasswords|Argon2|bouncycastle|Mac\.doFinal"),
    ("MyBatis (engine SQL mapping)", r"org/apache/ibatis/"),
    ("PostgreSQL JDBC driver", r"org/postgresql/"),
    ("Jackson (MVC / REST JSON)", r"com/fasterxml/jackson/"),
    ("engine BPMN execution (PvmAtomicOperation)", r"PvmAtomicOperation|AtomicOperation"),
    ("expression evaluation (JUEL)", r"org/camunda/bpm/impl/juel|ExpressionManager|JuelExpression"),
    ("webhook delivery (dev.hitl.delivery.webhook)", r"dev/hitl/delivery/webhook/"),
    ("email delivery (dev.hitl.delivery.email, Jakarta Mail)", r"dev/hitl/delivery/email/|jakarta/mail|org/eclipse/angus"),
    ("Micrometer/observation", r"io/micrometer/"),
    ("logging", r"ch/qos/logback|org/slf4j"),
]


def load(paths):
    stacks = Counter()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line:
                    continue
                stack, _, count = line.rpartition(" ")
                stacks[stack] += int(count)
    return stacks


def thread_of(stack):
    first = stack.split(";", 1)[0]
    m = re.match(r"^\[(.*) tid=\d+\]$", first)
    return m.group(1) if m else first


def pretty(frame):
    frame = re.sub(r"_\[[jik0]\]$", "", frame)
    return frame.replace("/", ".")


def summarize(name, stacks, ops, interval):
    total = sum(stacks.values())
    per_op = lambda samples: samples * interval / ops
    out = [f"### {name}", "",
           f"{total} samples at {interval} ms = {per_op(total):.1f} ms of app CPU per operation ({ops} operations).", ""]
    groups = Counter()
    for stack, n in stacks.items():
        thread = thread_of(stack)
        for label, pattern in THREADS:
            if re.search(pattern, thread):
                groups[label] += n
                break
        else:
            groups["other: " + re.sub(r"[-#]?\d+$", "", thread)] += n
    out += ["| Thread group | ms/op | share |", "|---|---|---|"]
    for label, n in groups.most_common(12):
        out.append(f"| {label} | {per_op(n):.2f} | {100 * n / total:.1f} % |")
    http = Counter()
    for stack, n in stacks.items():
        if not re.search(r"^http-nio-", thread_of(stack)):
            continue
        for label, pattern in ENTRIES:
            if re.search(pattern, stack):
                http[label] += n
                break
        else:
            http["other (filters, I/O, not yet dispatched)"] += n
    out += ["", "| HTTP thread time by entry point | ms/op | share |", "|---|---|---|"]
    for label, n in http.most_common():
        out.append(f"| {label} | {per_op(n):.2f} | {100 * n / total:.1f} % |")
    jit_gc = groups["JIT compiler"] + groups["GC"]
    out += ["", f"App CPU without JIT compilation and GC: {per_op(total - jit_gc):.1f} ms per operation.", ""]
    out += ["", "| Candidate (stacks with a matching frame; they overlap) | ms/op | share |", "|---|---|---|"]
    for label, pattern, *exclude in CANDIDATES:
        rx = re.compile(pattern)
        ex = re.compile(exclude[0]) if exclude else None
        n = sum(c for s, c in stacks.items() if rx.search(s) and not (ex and ex.search(s)))
        if n:
            out.append(f"| {label} | {per_op(n):.2f} | {100 * n / total:.1f} % |")
    self_frames = Counter()
    inclusive = Counter()
    for stack, n in stacks.items():
        frames = stack.split(";")[1:]
        if frames:
            self_frames[pretty(frames[-1])] += n
        for frame in set(pretty(f) for f in frames):
            inclusive[frame] += n
    out += ["", "Top 20 frames by self time:", "", "| Frame | ms/op | share |", "|---|---|---|"]
    for frame, n in self_frames.most_common(20):
        out.append(f"| `{frame[:140]}` | {per_op(n):.2f} | {100 * n / total:.1f} % |")
    commands = re.compile(r"\.[A-Za-z]+Cmd\.execute$")
    out += ["", "Engine commands (`*Cmd.execute`, inclusive; nested commands count in both):", "",
            "| Command | ms/op | share |", "|---|---|---|"]
    for frame, n in [(f, n) for f, n in inclusive.most_common() if commands.search(f)][:15]:
        out.append(f"| `{frame.rsplit('.', 2)[-2]}` | {per_op(n):.2f} | {100 * n / total:.1f} % |")
    interesting = re.compile(r"^(dev\.hitl|org\.camunda|io\.github\.bucket4j)")
    plumbing = re.compile(r"Filter|Interceptor|Decorator|Observation|Lambda|\$\$|CommandExecutor|CommandContext|"
                          r"ProcessEngineImpl|ServiceImpl\.|TransactionTemplate|ProcessApplicationContextInterceptor")
    out += ["", "Top 25 project and engine frames by inclusive time (filters and command plumbing left out):", "",
            "| Frame | ms/op | share |", "|---|---|---|"]
    for frame, n in [(f, n) for f, n in inclusive.most_common() if interesting.search(f) and not plumbing.search(f)][:25]:
        out.append(f"| `{frame[:140]}` | {per_op(n):.2f} | {100 * n / total:.1f} % |")
    return "\n".join(out) + "\n"


def main(args):
    for arg in args:
        name, _, rest = arg.partition("=")
        files, ops, interval = rest.rsplit(":", 2)
        print(summarize(name, load(files.split(",")), int(ops), float(interval)))


if __name__ == "__main__":
    main(sys.argv[1:])
