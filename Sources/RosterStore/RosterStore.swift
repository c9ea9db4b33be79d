// RosterStore: see DESIGN.md. (module placeholder; replaced as the module grows)
