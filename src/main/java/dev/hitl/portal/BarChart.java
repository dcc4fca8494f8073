package dev.hitl.portal;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of the insights chart, drawn server-side as SVG: per day a bar of answered
 * and one of timed-out consultations, on a scale from zero to a round maximum.
 */
record BarChart(int width, int height, int left, int top, int plotWidth, int plotHeight, long max, List<Tick> ticks,
		List<Group> groups) {

	private static final int WIDTH = 640;

	private static final int HEIGHT = 240;

	private static final int LEFT = 44;

	private static final int RIGHT = 8;

	private static final int TOP = 20;

	private static final int BOTTOM = 36;

	static BarChart of(List<Insights.Day> days) {
		long highest = days.stream().mapToLong((day) -> Math.max(day.answered(), day.timedOut())).max().orElse(0);
		long max = niceMaximum(highest);
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		double slot = (double) plotWidth / Math.max(1, days.size());
		double bar = slot * 0.34;
		List<Group> groups = new ArrayList<>();
		for (int i = 0; i < days.size(); i++) {
			Insights.Day day = days.get(i);
			double x = LEFT + i * slot + slot * 0.14;
			groups.add(new Group(day.label(), round(LEFT + i * slot + slot / 2),
					bar(day.answered(), x, bar, max, plotHeight),
					bar(day.timedOut(), x + bar + 2, bar, max, plotHeight)));
		}
		List<Tick> ticks = new ArrayList<>();
		for (int i = 0; i <= 4; i++) {
			long value = max * i / 4;
			ticks.add(new Tick(value, round(TOP + plotHeight - (double) plotHeight * i / 4)));
		}
		return new BarChart(WIDTH, HEIGHT, LEFT, TOP, plotWidth, plotHeight, max, ticks, groups);
	}

	public int baseline() {
		return this.top + this.plotHeight;
	}

	public int right() {
		return this.left + this.plotWidth;
	}

	/**
	 * The smallest of 4, 8, 20, 40, 80, 200, ... at or above the value: four even ticks.
	 */
	static long niceMaximum(long value) {
		long step = 1;
		while (true) {
			for (long factor : new long[] { 4, 8, 20 }) {
				if (factor * step >= value) {
					return factor * step;
				}
			}
			step *= 10;
		}
	}

	private static Bar bar(long value, double x, double width, long max, int plotHeight) {
		double height = (double) plotHeight * value / max;
		return new Bar(value, round(x), round(width), round(TOP + plotHeight - height), round(height));
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	record Tick(long value, double y) {
	}

	record Group(String label, double center, Bar answered, Bar timedOut) {
	}

	record Bar(long value, double x, double width, double y, double height) {

		public double labelY() {
			return this.y - 4;
		}

		public double center() {
			return round(this.x + this.width / 2);
		}

	}

}
