import Foundation
import Hummingbird

/// The home page: the pages the user's role may open.
struct HomeController {
    let env: WebEnvironment

    func addRoutes(to router: Router<WebContext>) {
        router.get("/") { request, context -> Response in
            guard let user = context.identity else { return .redirect(to: "/login") }
            if user.isAgent { return .redirect(to: "/roster") }
            let cards = Navigation.all.filter { user.may($0.roles) }.map { item -> [String: String] in
                let area = String(item.path.dropFirst())
                return ["path": item.path, "label": WebStrings.text(item.key, context.language),
                        "text": WebStrings.text("home_\(area)", context.language)]
            }
            return env.renderer.page("home", title: WebStrings.text("home_title", context.language), data: ["cards": cards], context: context)
        }
    }
}
