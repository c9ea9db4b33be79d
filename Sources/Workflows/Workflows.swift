import HotlineCore
import RosterStore

/// Workflows: each use case a user of the center has is written here once, over the roster
/// store, and returns values (never prints, never exits). The CLI (`roster`) and the web
/// application only parse, call and render.
///
/// | area | type |
/// |---|---|
/// | call history in the store | `HistoryWorkflow` |
/// | requests with approval | `RequestsWorkflow` |
/// | the week: build, show, edit, reoptimize, publish, diff, Excel | `WeekWorkflow` |
public enum Workflows {}
