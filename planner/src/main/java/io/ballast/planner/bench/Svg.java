package io.ballast.planner.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-written SVG plot of imbalance against migrations, one polyline per strategy (a greedy run's rounds,
 * the plan's solves at decreasing targets), the threshold as a dashed line. No plotting library.
 */
final class Svg {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    private Svg() {
    }

    static String plot(Map<String, BenchCli.Outcome> results, double threshold) {
        double maxX = 1;
        double maxY = threshold;
        for (BenchCli.Outcome o : results.values()) {
            for (double[] p : o.curve()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY = Math.ceil(maxY * 10) / 10;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double sx = plotW / maxX;
        double sy = plotH / maxY;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        // axes and ticks
        sb.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%.1f\" stroke=\"black\" fill=\"none\"/>%n",
                LEFT, TOP, HEIGHT - BOTTOM, LEFT + plotW));
        for (int i = 0; i <= 5; i++) {
            double x = maxX * i / 5;
            double px = LEFT + x * sx;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n",
                    px, HEIGHT - BOTTOM + 16, x));
            double y = maxY * i / 5;
            double py = HEIGHT - BOTTOM - y * sy;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n",
                    LEFT - 6, py + 4, y));
            sb.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f H%.1f\" stroke=\"#ddd\"/>%n", LEFT, py,
                    LEFT + plotW));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">migrations</text>%n",
                LEFT + plotW / 2, HEIGHT - 12));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %.1f) rotate(-90)\" "
                + "text-anchor=\"middle\">imbalance</text>%n", TOP + plotH / 2));
        double ty = HEIGHT - BOTTOM - threshold * sy;
        sb.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f H%.1f\" stroke=\"gray\" stroke-dasharray=\"6 4\"/>%n",
                LEFT, ty, LEFT + plotW));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"gray\">threshold %.2f</text>%n",
                LEFT + plotW - 90, ty - 4, threshold));
        int c = 0;
        int legendY = TOP + 10;
        for (var e : results.entrySet()) {
            List<double[]> curve = e.getValue().curve();
            if (curve.isEmpty()) {
                continue;
            }
            String color = COLORS[c++ % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : curve) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + p[0] * sx, HEIGHT - BOTTOM - p[1] * sy));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>%n", points.toString().trim(), color));
            double[] last = curve.get(curve.size() - 1);
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n",
                    LEFT + last[0] * sx, HEIGHT - BOTTOM - last[1] * sy, color));
            sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d h20\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LEFT + plotW + 15, legendY, color,
                    LEFT + plotW + 40, legendY + 4, escape(e.getKey())));
            legendY += 20;
        }
        return sb.append("</svg>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
