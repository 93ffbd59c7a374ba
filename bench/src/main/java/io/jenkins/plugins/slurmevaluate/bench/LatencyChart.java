package io.jenkins.plugins.slurmevaluate.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Draws P4's latency distribution (a histogram, its cumulative share, the baseline's cumulative share, p50/p99 and the
 * goals) as a PNG with Java2D.
 */
final class LatencyChart {

    private static final int W = 900;
    private static final int H = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 70;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private LatencyChart() {}

    /**
     * @param baselineMs the baseline's latencies, drawn as a second cumulative line (grey), or an empty array
     */
    static void write(Path file, double[] latenciesMs, double[] baselineMs, double p50, double p99, String subtitle)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] v = latenciesMs.clone();
        Arrays.sort(v);
        double[] base = baselineMs.clone();
        Arrays.sort(base);
        double highest = Math.max(v.length == 0 ? 0 : v[v.length - 1], base.length == 0 ? 0 : base[base.length - 1]);
        double xMax = Math.max(2200, Math.ceil(highest / 250.0) * 250);
        int bins = (int) (xMax / 25);
        int[] counts = new int[bins];
        for (double d : v) {
            counts[Math.max(0, Math.min(bins - 1, (int) (d / 25)))]++;
        }
        int yMax = Math.max(1, Arrays.stream(counts).max().orElse(1));

        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;

        g.setColor(new Color(0xDD, 0xDD, 0xDD));
        for (int ms = 0; ms <= xMax; ms += 250) {
            int x = LEFT + (int) (ms / xMax * pw);
            g.drawLine(x, TOP, x, TOP + ph);
        }
        g.setColor(new Color(0x4C, 0x72, 0xB0));
        double bw = (double) pw / bins;
        for (int i = 0; i < bins; i++) {
            int h = (int) Math.round((double) counts[i] / yMax * ph);
            g.fillRect(LEFT + (int) (i * bw), TOP + ph - h, Math.max(1, (int) bw - 1), h);
        }
        cdf(g, base, xMax, pw, ph, new Color(0x88, 0x88, 0x88));
        cdf(g, v, xMax, pw, ph, new Color(0xC4, 0x4E, 0x52));
        marker(g, p50, xMax, pw, ph, new Color(0x2E, 0x8B, 0x57), "p50 " + Math.round(p50) + " ms", 0);
        marker(g, p99, xMax, pw, ph, new Color(0xE0, 0x8A, 0x00), "p99 " + Math.round(p99) + " ms", 16);
        dashed(g, 1000, xMax, pw, ph, "goal p50 < 1 s");
        dashed(g, 2000, xMax, pw, ph, "goal p99 < 2 s");

        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, TOP, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int ms = 0; ms <= xMax; ms += 500) {
            int x = LEFT + (int) (ms / xMax * pw);
            g.drawString(String.valueOf(ms), x - 10, TOP + ph + 16);
        }
        for (int i = 0; i <= 4; i++) {
            int y = TOP + ph - i * ph / 4;
            g.drawString(String.valueOf(yMax * i / 4), LEFT - 40, y + 4);
            g.drawString(i * 25 + "%", LEFT + pw + 8, y + 4);
        }
        g.drawString("arrival latency (ms): written on the cluster -> in the LogSink", LEFT + pw / 2 - 180, H - 18);
        g.drawString("lines per 25 ms", 8, TOP - 10);
        legend(g, LEFT + pw - 250, TOP + 40, new Color(0x4C, 0x72, 0xB0), "ours: lines per 25 ms", true);
        legend(g, LEFT + pw - 250, TOP + 58, new Color(0xC4, 0x4E, 0x52), "ours: cumulative", false);
        if (base.length > 0) {
            legend(g, LEFT + pw - 250, TOP + 76, new Color(0x88, 0x88, 0x88), "baseline ssh tail -F: cumulative", false);
        }
        g.drawString("cumulative", W - RIGHT - 10, TOP - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("P4 log arrival latency, " + v.length + " lines (" + subtitle + ")", LEFT, 24);
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static void cdf(Graphics2D g, double[] sorted, double xMax, int pw, int ph, Color c) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int px = LEFT;
        int py = TOP + ph;
        for (int i = 0; i < sorted.length; i++) {
            int x = LEFT + (int) (Math.min(sorted[i], xMax) / xMax * pw);
            int y = TOP + ph - (int) ((i + 1.0) / sorted.length * ph);
            g.drawLine(px, py, x, y);
            px = x;
            py = y;
        }
    }

    private static void marker(Graphics2D g, double ms, double xMax, int pw, int ph, Color c, String label, int dy) {
        int x = LEFT + (int) (Math.min(ms, xMax) / xMax * pw);
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x, TOP, x, TOP + ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(label, x + 4, TOP + 14 + dy);
    }

    private static void legend(Graphics2D g, int x, int y, Color c, String text, boolean box) {
        g.setColor(c);
        if (box) {
            g.fillRect(x, y - 9, 18, 10);
        } else {
            g.setStroke(new BasicStroke(2f));
            g.drawLine(x, y - 4, x + 18, y - 4);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(text, x + 24, y);
    }

    private static void dashed(Graphics2D g, double ms, double xMax, int pw, int ph, String label) {
        int x = LEFT + (int) (ms / xMax * pw);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        g.drawLine(x, TOP, x, TOP + ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(label, x + 4, TOP + ph - 8);
    }
}
