package dev.hitl.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Median, min and max of the repetitions of one figure. */
record Summary(double median, double min, double max, int n) {

	static Summary of(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values.stream().filter((v) -> !Double.isNaN(v)).toList());
		if (sorted.isEmpty()) {
			return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		Collections.sort(sorted);
		int n = sorted.size();
		double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
	}

	static Summary single(double value) {
		return new Summary(value, value, value, 1);
	}

	/** The ratio of this figure to a reference, from the medians. */
	double ratio(Summary reference) {
		return this.median / reference.median;
	}

	Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("median", round(this.median));
		json.put("min", round(this.min));
		json.put("max", round(this.max));
		json.put("n", this.n);
		return json;
	}

	String text() {
		if (this.n <= 1) {
			return Results.fmt(this.median);
		}
		return Results.fmt(this.median) + " (" + Results.fmt(this.min) + "–" + Results.fmt(this.max) + ")";
	}

	static double round(double value) {
		return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
	}

}
