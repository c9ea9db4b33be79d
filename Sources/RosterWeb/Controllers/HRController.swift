import Foundation
import Hummingbird
import RosterStore
import Workflows

/// The HR pages and their /api JSON (to be written: issue 19).
struct HRController {
    let env: WebEnvironment

    func addRoutes(to router: Router<WebContext>) {
    }
}
