import Foundation
import HotlineCore
import RosterStore
import Workflows

/// The template data of the roster pages, built from the week workflow's values: the grid
/// (people × days, a CSS class per shift family), one coverage chart per day (inline SVG), the
/// build report's summary, the edit form and the diff. Text only: every value is escaped by
/// Mustache, the SVG here by `SVGChart.escape`.
enum RosterViews {
    typealias WeekView = WeekWorkflow.WeekView

    static func t(_ key: String, _ L: WebLanguage) -> String { WebStrings.text(key, L) }

    static func dayName(_ k: Int, _ L: WebLanguage) -> String {
        (L == .zh ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])[k]
    }

    static func dayLabel(_ d: CivilDate, _ k: Int, _ L: WebLanguage) -> String {
        "\(dayName(k, L)) \(CivilDate.pad(d.month, 2))-\(CivilDate.pad(d.day, 2))"
    }

    static func roleName(_ r: Role, _ L: WebLanguage) -> String { t("roster_role_\(r.rawValue)", L) }

    /// The shift family of a cell by its start hour: day (05–12), evening (13–20), night (21–04);
    /// off cells by why: leave, training, off.
    static func family(_ c: WeekView.Cell) -> String {
        if c.range.isEmpty {
            switch c.absence {
            case "leave": return "leave"
            case "training": return "training"
            default: return "off"
            }
        }
        let hour = Int(c.range.prefix(2)) ?? 0
        if (5..<13).contains(hour) { return "day" }
        if (13..<21).contains(hour) { return "evening" }
        return "night"
    }

    static func cellText(_ c: WeekView.Cell, _ L: WebLanguage) -> String {
        if !c.code.isEmpty { return c.code }
        switch c.absence {
        case "leave": return t("roster_cell_leave", L)
        case "training": return t("roster_cell_training", L)
        case "day_off", "unavailable": return t("roster_cell_off", L)
        default: return t("roster_cell_off", L)
        }
    }

    static func editPath(week: CivilDate, person: String, date: CivilDate) -> String {
        "/roster/edit?week=\(week)&person=\(person.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&date=\(date)"
    }

    /// The grid rows (`editable`: each cell links to its edit form).
    static func rows(_ view: WeekView, editable: Bool, _ L: WebLanguage) -> [[String: Any]] {
        let dates = view.dates
        return view.rows.map { r in
            let cells: [[String: Any]] = r.cells.enumerated().map { k, c in
                var marks = ""
                if c.locked { marks += "🔒" }
                if c.edited { marks += "✎" }
                if !c.exception.isEmpty { marks += "!" }
                var title = c.range.isEmpty ? cellText(c, L) : c.range
                if c.locked { title += " · " + t("roster_locked", L) }
                if c.edited { title += " · " + t("roster_edited", L) }
                if !c.exception.isEmpty { title += " · " + t("roster_exception", L) + ": " + c.exception.joined(separator: ", ") }
                var cell: [String: Any] = ["cls": "shift-\(family(c))" + (c.locked ? " locked" : "") + (c.exception.isEmpty ? "" : " exception"),
                                           "text": cellText(c, L), "title": title, "date": dates[k].description]
                if !marks.isEmpty { cell["marks"] = marks }
                if editable { cell["href"] = editPath(week: view.weekStart, person: r.personId, date: dates[k]) }
                return cell
            }
            return ["personId": r.personId, "name": r.name, "role": roleName(r.role, L),
                    "hours": String(format: "%.1f", r.hours), "cells": cells]
        }
    }

    /// One chart per day of the view's cover.
    static func charts(_ view: WeekView, _ L: WebLanguage) -> [[String: Any]] {
        view.dates.enumerated().map { k, d in
            let hours = view.coverage.filter { $0.start.date == d }.sorted { $0.start < $1.start }
            let short = hours.filter { $0.scheduled < $0.required }.count
            var chart: [String: Any] = ["label": dayLabel(d, k, L),
                    "svg": coverageSVG(hours, title: "\(dayLabel(d, k, L)) · \(t("roster_chart_title", L))", L)]
            if short > 0 { chart["short"] = short }
            return chart
        }
    }

    /// Required (a step line) against scheduled agents (24 bars, short hours red with class
    /// `short`) per hour of a day, with hour and head-count axes.
    static func coverageSVG(_ hours: [WeekView.Hour], title: String, _ L: WebLanguage) -> String {
        let width = 380.0, height = 170.0, left = 30.0, right = 18.0, top = 22.0, bottom = 22.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxV = Double(max(1, hours.map { max($0.required, $0.scheduled) }.max() ?? 1))
        let slot = plotW / 24
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func y(_ v: Double) -> Double { top + plotH - v / maxV * plotH }
        let e = SVGChart.escape
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart coverage\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
        s += "<title>\(e(title))</title>"
        s += "<text x=\"\(f(left))\" y=\"14\" font-size=\"12\" font-weight=\"bold\">\(e(title))</text>"
        // Axes and labels.
        s += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>"
        s += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>"
        for h in stride(from: 0, through: 24, by: 6) {
            s += "<text class=\"x-label\" x=\"\(f(left + Double(h) * slot))\" y=\"\(f(height - 6))\" font-size=\"10\" text-anchor=\"middle\">\(CivilDate.pad(h, 2)):00</text>"
        }
        for v in [0.0, (maxV / 2).rounded(), maxV] {
            s += "<text class=\"y-label\" x=\"\(f(left - 4))\" y=\"\(f(y(v) + 3))\" font-size=\"10\" text-anchor=\"end\">\(Int(v))</text>"
        }
        // Scheduled bars.
        for (i, h) in hours.prefix(24).enumerated() {
            let isShort = h.scheduled < h.required
            let bh = Double(h.scheduled) / maxV * plotH
            s += "<rect class=\"bar\(isShort ? " short" : "")\" x=\"\(f(left + Double(i) * slot + 1))\" y=\"\(f(top + plotH - bh))\" width=\"\(f(slot - 2))\" height=\"\(f(bh))\" fill=\"\(isShort ? "#dc2626" : "#60a5fa")\">"
            s += "<title>\(h.start.clockText) \(e(t("roster_scheduled", L))) \(h.scheduled) / \(e(t("roster_required", L))) \(h.required)</title></rect>"
        }
        // Required: a step line.
        if !hours.isEmpty {
            var d = ""
            for (i, h) in hours.prefix(24).enumerated() {
                let x0 = left + Double(i) * slot, x1 = x0 + slot, yy = y(Double(h.required))
                d += (i == 0 ? "M" : "L") + "\(f(x0)) \(f(yy)) L\(f(x1)) \(f(yy)) "
            }
            s += "<path class=\"required\" d=\"\(d)\" fill=\"none\" stroke=\"#111827\" stroke-width=\"1.5\"/>"
        }
        // Legend.
        s += "<rect x=\"\(f(width - 150))\" y=\"6\" width=\"10\" height=\"8\" fill=\"#60a5fa\"/><text x=\"\(f(width - 137))\" y=\"14\" font-size=\"10\">\(e(t("roster_scheduled", L)))</text>"
        s += "<line x1=\"\(f(width - 80))\" y1=\"10\" x2=\"\(f(width - 68))\" y2=\"10\" stroke=\"#111827\" stroke-width=\"1.5\"/><text x=\"\(f(width - 64))\" y=\"14\" font-size=\"10\">\(e(t("roster_required", L)))</text>"
        return s + "</svg>"
    }

    /// The build report's summary as the page shows it.
    static func report(_ b: WeekWorkflow.BuildReport.Summary, _ L: WebLanguage) -> [String: Any] {
        var data: [String: Any] = [
            "planStatus": t("roster_plan_status_\(b.planStatus)", L).hasPrefix("roster_plan_status_") ? b.planStatus : t("roster_plan_status_\(b.planStatus)", L),
            "planGap": b.planGap.map { String(format: "%.2f%%", $0 * 100) } ?? "—",
            "required": b.requiredAgentHours, "scheduled": b.scheduledAgentHours,
            "shortAgentHours": b.shortAgentHours, "over": b.overAgentHours,
            "shortCount": b.shortHours.count, "hasShort": !b.shortHours.isEmpty,
            "shortHours": b.shortHours.prefix(30).map { ["start": $0.start.description, "scheduled": $0.scheduled, "required": $0.required, "reason": L == .zh ? ($0.reasonZh ?? $0.reason) : $0.reason] },
            "dropped": b.droppedShifts,
            "warnings": b.warnings,
            "seconds": String(format: "%.1f", b.seconds),
        ]
        if b.shortHours.count > 30 { data["moreShort"] = b.shortHours.count - 30 }
        if let o = b.engineObjective {
            data["engineObjective"] = String(format: "%.1f", o)
            data["engineBound"] = b.engineLowerBound.map { String(format: "%.1f", $0) } ?? "—"
            data["engineGap"] = b.engineGap.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
        }
        return data
    }

    static func breaches(_ list: [RuleBreach]) -> [[String: String]] {
        list.map { ["rule": $0.rule, "person": $0.personId, "detail": $0.detail] }
    }

    /// The week page's data around the cached body (`weekBody`): heading, notice, buttons, downloads.
    static func week(_ view: WeekView, user: WebUser, _ L: WebLanguage, notice: String?) -> [String: Any] {
        var data: [String: Any] = [
            "week": view.weekStart.description,
            "weekEnd": view.weekStart.adding(days: 6).description,
            "prevWeek": view.weekStart.adding(days: -7).description,
            "nextWeek": view.weekStart.adding(days: 7).description,
            "source": view.source,
            "rowCount": view.rows.count,
            "hasVersions": !view.versions.isEmpty,
            "manager": user.may([.manager]),
            "agent": user.isAgent,
            "exports": !user.isAgent,
            "personId": user.personId ?? "",
        ]
        if let r = view.revision { data["revision"] = String(r) }
        if let notice { data["notice"] = notice }
        return data
    }

    /// The data of `roster-week-body`: grid, coverage charts, build report, rules broken, versions.
    /// It depends only on the view, whether cells link to the edit form, and the language.
    static func weekBody(_ view: WeekView, editable: Bool, _ L: WebLanguage) -> [String: Any] {
        var data: [String: Any] = [
            "week": view.weekStart.description,
            "days": view.dates.enumerated().map { k, d in ["label": dayLabel(d, k, L), "date": d.description] },
            "rows": rows(view, editable: editable, L),
            "charts": charts(view, L),
            "violations": breaches(Array(view.violations.prefix(50))),
            "violationCount": view.violations.count, "rulesMet": view.violations.isEmpty,
            "versions": view.versions.reversed().map { ["version": $0.version, "publishedAt": $0.publishedAt, "actor": $0.actor, "reason": $0.reason] },
            "hasVersions": !view.versions.isEmpty,
        ]
        if let b = view.build { data["report"] = report(b.summary, L) }
        return data
    }

    /// The edit form of one cell (after a refusal: the rules it broke).
    static func edit(_ view: WeekView, person: String, date: CivilDate, form: [String: String], breaches list: [RuleBreach],
                     message: String?, _ L: WebLanguage) throws -> [String: Any] {
        let schedule = try WeekWorkflow.schedule(of: person, in: view)
        guard let k = view.dates.firstIndex(of: date) else {
            throw RequestFieldError(field: "date", "\(date) is not in the week \(view.weekStart)…\(view.weekStart.adding(days: 6))")
        }
        let cell = schedule.row.cells[k]
        let colleagues = view.rows.filter { $0.role == schedule.row.role && $0.personId != person }.map { r -> [String: Any] in
            let c = r.cells[k]
            return ["id": r.personId, "label": "\(r.personId) \(r.name) (\(cellText(c, L)))", "selected": form["other"] == r.personId]
        }
        let action = form["action"] ?? "assign"
        var data: [String: Any] = [
            "week": view.weekStart.description, "person": person, "name": schedule.row.name,
            "role": roleName(schedule.row.role, L), "date": date.description, "day": dayLabel(date, k, L),
            "current": cell.range.isEmpty ? cellText(cell, L) : "\(cell.code) \(cell.range)",
            "cls": "shift-\(family(cell))", "locked": cell.locked, "edited": cell.edited,
            "shift": form["shift"] ?? cell.range, "reason": form["reason"] ?? "",
            "colleagues": colleagues,
            "actions": ["assign", "off", "swap", "lock", "unlock"].map { ["value": $0, "label": t("roster_action_\($0)", L), "checked": $0 == action] },
            "refused": !list.isEmpty || message != nil,
            "breaches": breaches(list),
            "message": message ?? "",
        ]
        if !cell.exception.isEmpty { data["exception"] = cell.exception.joined(separator: ", ") }
        return data
    }

    static func diff(week: CivilDate, from: WeekWorkflow.VersionRef, to: WeekWorkflow.VersionRef, changes: [WeekDiff.Change], _ L: WebLanguage) -> [String: Any] {
        func name(_ r: WeekWorkflow.VersionRef) -> String {
            switch r {
            case .draft: return t("roster_draft", L)
            case .current: return t("roster_current", L)
            case .version(let n): return t("roster_version", L) + " \(n)"
            }
        }
        return [
            "week": week.description, "from": name(from), "to": name(to), "count": changes.count, "hasChanges": !changes.isEmpty,
            "changes": changes.map { ["date": $0.date.description, "person": $0.personId, "name": $0.name,
                                      "before": $0.from ?? t("roster_cell_off", L), "after": $0.to ?? t("roster_cell_off", L)] },
        ]
    }
}
