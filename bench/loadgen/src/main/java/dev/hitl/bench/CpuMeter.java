package dev.hitl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time the service and its database sessions spent, from /proc. On a shared, noisy
 * machine, CPU per operation moves much less than latency or throughput, so it is
 * reported beside them.
 */
final class CpuMeter {

	/** Cumulative CPU ticks of the app process and of each backend of the bench database. */
	record Reading(long app, Map<Long, Long> backends) {

		/** CPU milliseconds spent since {@code earlier}: the app's and the database's. */
		double[] since(Reading earlier) {
			long db = 0;
			for (Map.Entry<Long, Long> backend : this.backends.entrySet()) {
				db += backend.getValue() - earlier.backends.getOrDefault(backend.getKey(), 0L);
			}
			return new double[] { (this.app - earlier.app) * MS_PER_TICK, db * MS_PER_TICK };
		}

	}

	private static final double MS_PER_TICK = 10;

	private final long appPid;

	private final Db db;

	CpuMeter(long appPid, Db db) {
		this.appPid = appPid;
		this.db = db;
	}

	Reading read() {
		Map<Long, Long> backends = new HashMap<>();
		for (String pid : this.db.strings(
				"select pid::text from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")) {
			backends.put(Long.parseLong(pid), ticks(Long.parseLong(pid)));
		}
		return new Reading(ticks(this.appPid), backends);
	}

	private static long ticks(long pid) {
		if (pid <= 0) {
			return 0;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime are fields 14 and 15 of the whole line.
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
