package dev.hitl.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps an open-loop rate up until a step fails, and reports the highest rate that
 * passed: p99 within the target, no errors, and the engine's waiting line flat (it grew by
 * less than 5 % of the arrival rate per second). When the first step fails, it steps down
 * until one passes, letting the engine drain the failed step's backlog before each lower
 * step so that step starts as clean as the first did. Starting each repetition at the
 * previous one's result (a staircase) brackets the limit in two or three steps.
 */
final class Ladder {

	/**
	 * @param cpuAppMs the service's CPU per request sent during the step
	 * @param cpuDbMs the database sessions' CPU per request sent during the step
	 */
	record Step(OpenLoop.Result result, double backlogGrowth, boolean passed, String verdict, double cpuAppMs,
			double cpuDbMs) {

	}

	record Outcome(String name, List<Step> steps, double best) {

		/** CPU per request (app, database) in the highest passing step, or the first. */
		double[] cpuAtBest() {
			Step chosen = this.steps.isEmpty() ? null : this.steps.get(0);
			for (Step step : this.steps) {
				if (step.passed()) {
					chosen = step;
				}
			}
			return (chosen == null) ? new double[] { Double.NaN, Double.NaN }
					: new double[] { chosen.cpuAppMs(), chosen.cpuDbMs() };
		}

	}

	private static final double MIN_RATE = 1;

	private Ladder() {
	}

	static Outcome climb(OpenLoop.Spec spec, double startRate, double factor, int maxSteps, double p99TargetMs,
			Backlog backlog, CpuMeter cpu) {
		List<Step> steps = new ArrayList<>();
		double best = 0;
		double rate = startRate;
		boolean descending = false;
		for (int i = 0; i < maxSteps; i++) {
			CpuMeter.Reading before = cpu.read();
			OpenLoop.Result result = OpenLoop.run(spec.withRate(rate));
			double[] used = cpu.read().since(before);
			double perApp = used[0] / Math.max(1, result.sent());
			double perDb = used[1] / Math.max(1, result.sent());
			double growth = backlog.growthPerSecond(result.measureStartMillis(), result.endMillis());
			String verdict = verdict(result, growth, p99TargetMs);
			boolean passed = verdict.equals("ok");
			steps.add(new Step(result, growth, passed, verdict, perApp, perDb));
			Bench.log(String.format(
					"  %s @ %.1f/s: p50 %.1f p99 %.1f max %.1f ms, errors %d/%d, backlog %+.1f/s, cpu %.1f+%.1f ms/op -> %s",
					spec.name(), rate, result.p50(), result.p99(), result.max(), result.errors(), result.measured(),
					growth, perApp, perDb, verdict));
			if (passed && descending) {
				best = rate;
				break;
			}
			if (!passed) {
				// A start above what holds steps down until a rate holds, rather than
				// reporting nothing. Running out of work says nothing about the rate.
				if (best > 0 || rate <= MIN_RATE || result.exhausted()) {
					break;
				}
				descending = true;
				rate = Math.max(MIN_RATE, Math.round(rate / factor * 10) / 10.0);
				long waited = backlog.awaitDrained(60_000);
				Bench.log("  drained in " + waited + " ms before stepping down");
				continue;
			}
			best = rate;
			rate = Math.round(rate * factor * 10) / 10.0;
		}
		return new Outcome(spec.name(), steps, best);
	}

	static String verdict(OpenLoop.Result result, double growth, double p99TargetMs) {
		if (result.exhausted()) {
			return "ran out of work";
		}
		if (result.errors() > 0) {
			return "errors " + result.statuses();
		}
		if (result.p99() > p99TargetMs) {
			return "p99 over target";
		}
		if (growth > Math.max(1.0, 0.05 * result.rate())) {
			return "backlog growing";
		}
		return "ok";
	}

}
