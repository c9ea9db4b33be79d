import HotlineCore

/// SYNTHETIC staff for the demo: made-up Chinese names (common surnames and given-name
/// characters), made-up phone numbers. Not real persons.
public enum SamplePeople {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红鹏建国文斌宇浩凯婷雪琳晨欣怡子涵思远佳琪梓萱俊杰嘉怡一鸣雨桐晓东海燕春梅志强丹丹")

    /// `counts` people per role (e.g. from the profile's minimums plus the agents to plan),
    /// ids `P0001`…, sorted by role then id. Deterministic for a given seed.
    public static func make(counts: [Role: Int], seed: UInt64 = 91) -> [Person] {
        var rng = SplitMix64(seed: seed)
        var people: [Person] = []
        var usedNames = Set<String>()
        var n = 0
        for role in Role.allCases {
            for _ in 0..<(counts[role] ?? 0) {
                n += 1
                var name: String
                repeat {
                    let s = surnames[Int.random(in: 0..<surnames.count, using: &rng)]
                    let g1 = given[Int.random(in: 0..<given.count, using: &rng)]
                    let twoChars = Bool.random(using: &rng)
                    let g2 = given[Int.random(in: 0..<given.count, using: &rng)]
                    name = String(s) + String(g1) + (twoChars ? String(g2) : "")
                } while usedNames.contains(name)
                usedNames.insert(name)
                let hired = CivilDate(dayNumber: CivilDate(year: 2018, month: 3, day: 1)!.dayNumber + Int.random(in: 0..<2800, using: &rng))
                let skills: [String]
                switch role {
                case .agent: skills = Bool.random(using: &rng) ? ["phone", "sms", "wechat"] : ["phone"]
                case .backoffice: skills = ["tickets"]
                case .supervisor: skills = ["phone", "tickets", "lead"]
                default: skills = []
                }
                let phone = "139" + String(format8(Int.random(in: 0..<100_000_000, using: &rng)))
                people.append(Person(id: "P" + CivilDate.pad(n, 4), name: name, role: role, skills: skills,
                                     hiredOn: hired, contractHoursPerWeek: 40, phone: phone))
            }
        }
        return people
    }

    static func format8(_ v: Int) -> String { CivilDate.pad(v, 8) }

    /// The people CSV of DESIGN.md.
    public static func csv(_ people: [Person]) -> String {
        var out = "person_id,name,role,skills,hired_on,contract_hours_per_week,phone\n"
        for p in people {
            out += "\(p.id),\(p.name),\(p.role.rawValue),\(p.skills.joined(separator: ";")),\(p.hiredOn),\(Int(p.contractHoursPerWeek)),\(p.phone ?? "")\n"
        }
        return out
    }

    /// SYNTHETIC training for the demo: the four pre-job courses (process, policy, communication,
    /// confidentiality) and one on-job course; everyone passed pre-job training a week after being
    /// hired, except the `trainees`, who have not yet passed confidentiality (so the training gate
    /// keeps them off the phones).
    public static func trainingCSVs(_ people: [Person], trainees: Set<String>) -> (courses: String, records: String) {
        let courses = [
            ("PJ-PROC", "受理流程与系统操作", "pre_job", "process", 16),
            ("PJ-POL", "政策法规与知识库", "pre_job", "policy", 16),
            ("PJ-COMM", "沟通技巧与情绪疏导", "pre_job", "communication", 8),
            ("PJ-CONF", "保密与个人信息保护", "pre_job", "confidentiality", 4),
            ("OJ-POL", "新政策解读（在岗）", "on_job", "policy", 2),
        ]
        var c = "course_id,name,stage,topic,hours\n"
        for (id, name, stage, topic, hours) in courses { c += "\(id),\(name),\(stage),\(topic),\(hours)\n" }
        var r = "person_id,course_id,date,hours,passed\n"
        for p in people {
            let done = p.hiredOn.adding(days: 7)
            for (id, _, stage, _, hours) in courses where stage == "pre_job" {
                let passed = !(trainees.contains(p.id) && id == "PJ-CONF")
                r += "\(p.id),\(id),\(done),\(hours),\(passed ? "true" : "false")\n"
            }
        }
        return (c, r)
    }
}
