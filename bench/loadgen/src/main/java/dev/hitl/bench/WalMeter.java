package dev.hitl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WAL written for the bench database alone. The server's WAL position is shared with
 * everything else on it (other engineers' test databases), so the records between two
 * positions are read back with pg_waldump and only those touching the bench database,
 * and the commit records of its transactions, are counted.
 */
final class WalMeter {

	/**
	 * @param database bytes of the bench database's records and its transactions' commits
	 * @param fullPageImages of those, the bytes of full-page images (the first change of
	 * a page after a checkpoint writes the whole page)
	 */
	record Bytes(long database, long fullPageImages, long cluster, long records) {

	}

	private static final Pattern RECORD = Pattern.compile("len \\(rec/tot\\):\\s*(\\d+)/\\s*(\\d+), tx:\\s*(\\d+)");

	private WalMeter() {
	}

	/**
	 * Copies the WAL segments holding {@code fromLsn..toLsn} out of the server's pg_wal
	 * at once, before a checkpoint can recycle them (a later pg_waldump over the live
	 * directory found them gone or overwritten).
	 */
	static Path copySegments(Db db, String fromLsn, String toLsn) {
		Path walDir = Path.of(db.string("show data_directory"), "pg_wal");
		String first = db.string("select pg_walfile_name('" + fromLsn + "'::pg_lsn)");
		String last = db.string("select pg_walfile_name('" + toLsn + "'::pg_lsn)");
		try {
			Path copy = Files.createTempDirectory("hitl-bench-wal");
			try (var files = Files.list(walDir)) {
				for (Path file : files.toList()) {
					String name = file.getFileName().toString();
					if (name.length() == 24 && name.compareTo(first) >= 0 && name.compareTo(last) <= 0) {
						Files.copy(file, copy.resolve(name));
					}
				}
			}
			return copy;
		}
		catch (IOException ex) {
			throw new IllegalStateException("copying WAL segments " + first + ".." + last + " failed: " + ex, ex);
		}
	}

	static void delete(Path copy) {
		if (copy == null) {
			return;
		}
		try (var files = Files.list(copy)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(copy);
		}
		catch (IOException ex) {
			Bench.log("  could not delete " + copy + ": " + ex.getMessage());
		}
	}

	/** Reads the records between two positions from segments copied by {@link #copySegments}. */
	static Bytes between(Db db, Path segments, String fromLsn, String toLsn) {
		String walDir = segments.toString();
		String oid = db.string("select oid::text from pg_database where datname = current_database()");
		long major = db.number("select current_setting('server_version_num')::int / 10000");
		Path waldump = Path.of("/usr/lib/postgresql/" + major + "/bin/pg_waldump");
		if (!Files.isExecutable(waldump)) {
			throw new IllegalStateException(waldump + " not found");
		}
		String marker = "/" + oid + "/";
		Pattern ours = Pattern.compile("rel \\d+" + Pattern.quote(marker));
		Set<Long> transactions = new HashSet<>();
		long database = 0;
		long fullPageImages = 0;
		long cluster = 0;
		long records = 0;
		try {
			Process process = new ProcessBuilder(waldump.toString(), "-p", walDir, "-s", fromLsn, "-e", toLsn)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					Matcher record = RECORD.matcher(line);
					if (!record.find()) {
						continue;
					}
					long length = Long.parseLong(record.group(2));
					long images = length - Long.parseLong(record.group(1));
					long tx = Long.parseLong(record.group(3));
					records++;
					cluster += length;
					if (ours.matcher(line).find()) {
						database += length;
						fullPageImages += images;
						if (tx != 0) {
							transactions.add(tx);
						}
					}
					else if (tx != 0 && transactions.contains(tx)) {
						database += length;
					}
				}
			}
			process.waitFor(60, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new IllegalStateException("pg_waldump failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (records == 0) {
			throw new IllegalStateException("pg_waldump read no records between " + fromLsn + " and " + toLsn);
		}
		return new Bytes(database, fullPageImages, cluster, records);
	}

}
