import Logging

/// Loggers of the libraries. Libraries never print; they log to swift-log, which the `roster`
/// tool sends to stderr. Nothing logged carries personal data unmasked.
public enum HotlineLog {
    public static func logger(_ label: String) -> Logger { Logger(label: "hotline.\(label)") }
}
