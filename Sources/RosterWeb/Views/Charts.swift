import Foundation

/// Small inline-SVG charts for the HR and planner pages: a value in, an SVG string out. Every
/// label and title is XML-escaped here, so templates may place the result with `{{{…Svg}}}` (the
/// only unescaped Mustache use: markup built by this file, never user text as is).
public enum SVGChart {
    /// One bar: its value and, optionally, a target drawn as a tick across it.
    public struct Bar: Sendable, Hashable {
        public var label: String
        public var value: Double
        public var target: Double?
        /// Bar coloured as meeting (true) or missing (false) its target; nil: neutral.
        public var good: Bool?
        /// The value as shown above the bar (e.g. `91.2%`).
        public var valueText: String

        public init(label: String, value: Double, target: Double? = nil, good: Bool? = nil, valueText: String? = nil) {
            self.label = label
            self.value = value
            self.target = target
            self.good = good
            self.valueText = valueText ?? SVGChart.number(value)
        }
    }

    /// A series of a grouped bar chart (one colour).
    public struct Series: Sendable, Hashable {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    static let palette = ["#2f6fb0", "#d9822b", "#3c9a5f", "#9b59b6"]

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func number(_ v: Double) -> String {
        if v.isNaN || v.isInfinite { return "—" }
        if abs(v) >= 100 || v == v.rounded() { return String(format: "%.0f", v) }
        return String(format: "%.2f", v)
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Vertical bars with their value above and a dashed target tick; `max` fixes the scale
    /// (default: the largest value or target).
    public static func bars(_ bars: [Bar], title: String, max fixedMax: Double? = nil, width: Double = 560, height: Double = 220) -> String {
        let top = 28.0, bottom = 34.0, left = 10.0
        let plotH = height - top - bottom
        let maxV = Swift.max(fixedMax ?? 0, bars.map { Swift.max($0.value, $0.target ?? 0) }.max() ?? 0, 1e-9)
        let slot = bars.isEmpty ? 0 : (width - 2 * left) / Double(bars.count)
        let barW = slot * 0.6
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
        s += "<title>\(escape(title))</title>"
        s += "<text x=\"\(f(left))\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - left))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>"
        for (i, b) in bars.enumerated() {
            let x = left + Double(i) * slot + (slot - barW) / 2
            let h = Swift.max(0, b.value.isFinite ? b.value : 0) / maxV * plotH
            let y = top + plotH - h
            let colour = b.good.map { $0 ? "#3c9a5f" : "#c0392b" } ?? palette[0]
            s += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barW))\" height=\"\(f(h))\" fill=\"\(colour)\"><title>\(escape(b.label)): \(escape(b.valueText))</title></rect>"
            s += "<text x=\"\(f(x + barW / 2))\" y=\"\(f(y - 4))\" font-size=\"11\" text-anchor=\"middle\">\(escape(b.valueText))</text>"
            if let t = b.target, t.isFinite {
                let ty = top + plotH - Swift.max(0, t) / maxV * plotH
                s += "<line class=\"target\" x1=\"\(f(x - 4))\" y1=\"\(f(ty))\" x2=\"\(f(x + barW + 4))\" y2=\"\(f(ty))\" stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
            }
            s += "<text x=\"\(f(x + barW / 2))\" y=\"\(f(height - 14))\" font-size=\"11\" text-anchor=\"middle\">\(escape(b.label))</text>"
        }
        return s + "</svg>"
    }

    /// Grouped bars: one group per category, one bar per series (e.g. 2–4 runs side by side), with a legend.
    public static func grouped(categories: [String], series: [Series], title: String, width: Double = 560, height: Double = 240) -> String {
        let top = 28.0, bottom = 50.0, left = 10.0
        let plotH = height - top - bottom
        let slot = categories.isEmpty ? 0 : (width - 2 * left) / Double(categories.count)
        let n = Double(Swift.max(series.count, 1))
        let barW = slot * 0.7 / n
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
        s += "<title>\(escape(title))</title>"
        s += "<text x=\"\(f(left))\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - left))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>"
        for (ci, category) in categories.enumerated() {
            // Each category has its own scale (the figures have different units).
            let maxV = Swift.max(series.compactMap { $0.values.indices.contains(ci) ? $0.values[ci] : nil }.map { abs($0) }.max() ?? 0, 1e-9)
            let x0 = left + Double(ci) * slot + slot * 0.15
            for (si, ser) in series.enumerated() where ser.values.indices.contains(ci) {
                let v = ser.values[ci]
                let h = Swift.max(0, v.isFinite ? v : 0) / maxV * plotH
                let x = x0 + Double(si) * barW
                s += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(top + plotH - h))\" width=\"\(f(barW * 0.9))\" height=\"\(f(h))\" fill=\"\(palette[si % palette.count])\"><title>\(escape(ser.name)) · \(escape(category)): \(escape(number(v)))</title></rect>"
            }
            s += "<text x=\"\(f(left + Double(ci) * slot + slot / 2))\" y=\"\(f(top + plotH + 16))\" font-size=\"11\" text-anchor=\"middle\">\(escape(category))</text>"
        }
        for (si, ser) in series.enumerated() {
            let x = left + Double(si) * (width - 2 * left) / n
            s += "<rect x=\"\(f(x))\" y=\"\(f(height - 16))\" width=\"10\" height=\"10\" fill=\"\(palette[si % palette.count])\"/>"
            s += "<text x=\"\(f(x + 14))\" y=\"\(f(height - 7))\" font-size=\"11\">\(escape(ser.name))</text>"
        }
        return s + "</svg>"
    }

    /// A polyline of `values` over evenly spaced points (e.g. hourly figures).
    public static func line(_ values: [Double], title: String, width: Double = 560, height: Double = 160) -> String {
        let top = 24.0, pad = 10.0
        let plotH = height - top - pad
        let maxV = Swift.max(values.filter(\.isFinite).max() ?? 0, 1e-9)
        let step = values.count > 1 ? (width - 2 * pad) / Double(values.count - 1) : 0
        let points = values.enumerated().map { i, v in "\(f(pad + Double(i) * step)),\(f(top + plotH - Swift.max(0, v.isFinite ? v : 0) / maxV * plotH))" }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
        s += "<title>\(escape(title))</title><text x=\"\(f(pad))\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
        s += "<polyline fill=\"none\" stroke=\"\(palette[0])\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
        return s + "</svg>"
    }
}
