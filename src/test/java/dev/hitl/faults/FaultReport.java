package dev.hitl.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of each fault scenario, printed as each ends and again as one table when
 * the class ends, so that a regression shows as a number in the build's output.
 */
final class FaultReport {

	private static final List<String> rows = new ArrayList<>();

	private FaultReport() {
	}

	static synchronized void row(String scenario, String done, long sent, long acknowledged, long lost, long duplicated,
			long serverErrors, String recovery) {
		String row = String.format("| %s | %s | %d | %d | %d | %d | %d | %s |", scenario, done, sent, acknowledged,
				lost, duplicated, serverErrors, recovery);
		rows.add(row);
		System.out.println("FAULTS " + row);
	}

	static synchronized void note(String scenario, String text) {
		System.out.println("FAULTS " + scenario + ": " + text);
	}

	static synchronized void print() {
		System.out
			.println("FAULTS | scenario | what was done | sent | acknowledged | lost | duplicated | 5xx | recovery |");
		System.out.println("FAULTS |---|---|---|---|---|---|---|---|");
		rows.forEach((row) -> System.out.println("FAULTS " + row));
	}

}
