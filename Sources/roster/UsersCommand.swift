import ArgumentParser
import Foundation
import RosterStore
import Workflows

extension Roster {
    /// `roster users`: the web application's sign-in accounts (Bcrypt-hashed passwords).
    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accounts of the web application: add, list, set a password, disable or enable.",
            subcommands: [Add.self, List.self, Passwd.self, Disable.self, Enable.self],
            defaultSubcommand: List.self)
    }
}

extension AccountRole: ExpressibleByArgument {}

/// The password from stdin (first line) with --password-stdin, else a random one printed once.
private func readPassword(fromStdin: Bool) throws -> (password: String, generated: Bool) {
    if fromStdin {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("--password-stdin: no password on standard input")
        }
        return (line, false)
    }
    return (AccountsWorkflow.randomPassword(), true)
}

extension Roster.Users {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. Without --password-stdin a random password is made and printed once.")
        @Argument(help: "Account name (1-32 letters, digits, . _ -).") var name: String
        @Option(help: "admin, manager, hr, planner or agent.") var role: AccountRole
        @Option(help: "The person_id an agent's account belongs to (required for agents).") var person: String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let (password, generated) = try readPassword(fromStdin: passwordStdin)
            let wf = AccountsWorkflow(store: try RosterStore(path: store.store, actor: RosterStore.defaultActor))
            let a = try wf.add(name: name, role: role, personId: person, password: password)
            print("account \(a.name) (\(a.role.rawValue)\(a.personId.map { ", person \($0)" } ?? "")) added")
            if generated { print("password (shown once, not stored): \(password)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts (never their passwords or hashes).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable { var name: String; var role: String; var personId: String?; var createdAt: String; var disabled: Bool }

        func run() throws {
            let rows = try RosterStore(path: store.store).accounts().map {
                Row(name: $0.name, role: $0.role.rawValue, personId: $0.personId, createdAt: $0.createdAt, disabled: $0.disabled)
            }
            if output.json { try Output.printJSON(rows); return }
            if rows.isEmpty { print("No accounts. Add one: roster users add NAME --role manager"); return }
            for r in rows {
                print("\(r.name)\t\(r.role)\t\(r.personId ?? "-")\t\(r.createdAt)\(r.disabled ? "\tdisabled" : "")")
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an account's password (random and printed once without --password-stdin).")
        @Argument var name: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let (password, generated) = try readPassword(fromStdin: passwordStdin)
            try AccountsWorkflow(store: try RosterStore(path: store.store, actor: RosterStore.defaultActor)).setPassword(name: name, password: password)
            print("password of \(name) set")
            if generated { print("password (shown once, not stored): \(password)") }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account (it can no longer sign in).")
        @Argument var name: String
        @OptionGroup var store: StoreOptions
        func run() throws {
            try RosterStore(path: store.store, actor: RosterStore.defaultActor).setAccountDisabled(name: name, true)
            print("account \(name) disabled")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @Argument var name: String
        @OptionGroup var store: StoreOptions
        func run() throws {
            try RosterStore(path: store.store, actor: RosterStore.defaultActor).setAccountDisabled(name: name, false)
            print("account \(name) enabled")
        }
    }
}
