import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

extension Roster {
    /// `roster replacements`: open replacement triggers with their evidence; close or waive them.
    struct Replacements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replacements",
            abstract: "List open replacement triggers with the evidence; close (replace) or waive them.",
            subcommands: [List.self, Close.self, Waive.self, History.self],
            defaultSubcommand: List.self)
    }
}

extension Roster.Replacements {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List open triggers (≥3 verified liable complaints in a contract year; verified confidentiality breach; verified serious discipline or dereliction; verified health incident leaving the person unable to work).")
        @OptionGroup var rules: RulesOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var store: String
            var open: [OpenTrigger]
        }

        func run() async throws {
            let r = try rules.load()?.replacementRules ?? .contractDefaults
            let open = try store.openExisting().openTriggers(rules: r)
            if output.json {
                try Output.printJSON(Report(store: store.store, open: open))
                return
            }
            if open.isEmpty { print("No open replacement triggers."); return }
            for t in open {
                let protected = t.protectedStatus.map { "  [protected: \($0.rawValue)]" } ?? ""
                print("\(t.personId) \(t.name) (\(t.role.rawValue)): \(t.trigger.rawValue) since \(t.firedOn), trigger id \(t.triggerId)\(protected)")
                for e in t.evidence {
                    print("    incident \(e.incidentId) \(e.date) \(e.kind.rawValue) verified=\(e.verified) liable=\(e.liable) serious=\(e.serious)")
                }
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a trigger by replacing the person: from --date they are no longer rostered.")
        @Argument(help: "The person replaced.") var person: String
        @Option(help: "The trigger id (from `roster replacements`).") var trigger: String
        @Option(help: "The successor's person_id (already in the store).") var successor: String
        @Option(help: "First day the replaced person is no longer rostered (YYYY-MM-DD).") var date: String
        @OptionGroup var rules: RulesOptions
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard CivilDate.parse(date) != nil else { throw ValidationError("--date expects YYYY-MM-DD, got '\(date)'") }
        }

        func run() async throws {
            let r = try rules.load()?.replacementRules ?? .contractDefaults
            try store.openExisting().closeReplacement(personId: person, triggerId: trigger, successorId: successor,
                                                      effectiveOn: CivilDate.parse(date)!, rules: r)
            print("Replaced \(person) by \(successor) from \(date) (trigger \(trigger)).")
        }
    }

    struct Waive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a trigger without replacing the person, with the reason.")
        @Argument(help: "The person.") var person: String
        @Option(help: "The trigger id.") var trigger: String
        @Option(help: "Why the client waived the replacement.") var reason: String
        @Option(help: "Date of the decision (YYYY-MM-DD).") var date: String
        @OptionGroup var rules: RulesOptions
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard CivilDate.parse(date) != nil else { throw ValidationError("--date expects YYYY-MM-DD, got '\(date)'") }
        }

        func run() async throws {
            let r = try rules.load()?.replacementRules ?? .contractDefaults
            try store.openExisting().waiveTrigger(personId: person, triggerId: trigger, reason: reason, on: CivilDate.parse(date)!, rules: r)
            print("Waived trigger \(trigger) of \(person).")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List closed replacements (replaced or waived).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let list = try store.openExisting().replacements()
            if output.json { try Output.printJSON(["closed": list]); return }
            for r in list {
                print("\(r.personId)\t\(r.triggerId)\t\(r.decision.rawValue)\t\(r.effectiveOn)\t\(r.successorId ?? "-")")
            }
        }
    }
}
