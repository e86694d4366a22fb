//! The engine on the built-in demo catalog: the rules bite as their authors meant.

use configurator_engine::{
    Catalog, Choice, Constraint, Engine, ItemId, ItemState, Status, DEMO_CATALOG, DEMO_CATALOG_FILE,
};

fn engine() -> Engine {
    Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap())
}

fn item(e: &Engine, g: &str, i: &str) -> ItemId {
    e.catalog().item_by_key(g, i).unwrap()
}

fn rule_key(e: &Engine, c: &Constraint) -> String {
    match c {
        Constraint::Rule(r) => e.catalog().rule(*r).key.clone(),
        Constraint::Group(g) => format!("group:{}", e.catalog().group(*g).key),
    }
}

#[test]
fn nothing_chosen_everything_available_and_incomplete() {
    let e = engine();
    let ev = e.evaluate::<ItemId>(&[]);
    assert!(ev.items.iter().all(|s| *s == ItemState::Available));
    assert!(e
        .catalog()
        .items()
        .iter()
        .all(|it| e.explain::<ItemId>(&[], it.id).is_none()));
    let Status::Incomplete { missing } = &ev.status else {
        panic!("{:?}", ev.status)
    };
    let keys: Vec<&str> = missing
        .iter()
        .map(|g| e.catalog().group(*g).key.as_str())
        .collect();
    assert_eq!(keys, ["chassis", "power", "licence"]);
    assert_eq!(ev.total.to_string(), "0");
}

#[test]
fn a_48_port_poe_chassis_rules_out_small_power_supplies_with_the_reason() {
    let e = engine();
    let c48p = item(&e, "chassis", "48p");
    let ev = e.evaluate(&[c48p]);
    for small in ["350ac", "715ac"] {
        let id = item(&e, "power", small);
        assert_eq!(ev.item(id), ItemState::Unavailable, "{small}");
        let why = e
            .explain(&[c48p], id)
            .expect("an unavailable item has an explanation");
        assert_eq!(why.choices, vec![c48p]);
        let rules: Vec<String> = why.constraints.iter().map(|c| rule_key(&e, c)).collect();
        assert!(rules.contains(&"poe-48-power".to_string()), "{rules:?}");
    }
    assert_eq!(ev.item(item(&e, "power", "1100ac")), ItemState::Available);
    assert_eq!(e.explain(&[c48p], item(&e, "power", "1100ac")), None);
    // Other chassis stay available: choosing one replaces the current choice.
    assert_eq!(ev.item(item(&e, "chassis", "24t")), ItemState::Available);
    assert_eq!(ev.total.to_string(), "8495.00");
}

#[test]
fn a_stacking_kit_implies_a_cable_and_excludes_essentials() {
    let e = engine();
    let kit = item(&e, "accessories", "stack-kit");
    let ev = e.evaluate(&[kit]);
    let cable = item(&e, "accessories", "stack-cable");
    assert_eq!(ev.item(cable), ItemState::Implied);
    let why = e.explain(&[kit], cable).unwrap();
    assert_eq!(why.choices, vec![kit]);
    assert_eq!(why.constraints.len(), 1);
    assert_eq!(rule_key(&e, &why.constraints[0]), "stack-cable");
    assert_eq!(
        ev.item(item(&e, "licence", "essentials")),
        ItemState::Unavailable
    );
    assert_eq!(ev.total.to_string(), "1290.00");
}

#[test]
fn a_complete_configuration_is_complete_and_priced() {
    let e = engine();
    let picks = [
        item(&e, "chassis", "24p"),
        item(&e, "power", "715ac"),
        item(&e, "licence", "advantage"),
        item(&e, "uplink", "4x10g"),
    ];
    let ev = e.evaluate(&picks);
    assert_eq!(ev.status, Status::Complete);
    assert_eq!(ev.total.to_string(), "10980.00");
}

#[test]
fn conflicting_choices_are_a_result_with_the_violated_rule() {
    let e = engine();
    let picks = [item(&e, "chassis", "48u"), item(&e, "power", "350ac")];
    let ev = e.evaluate(&picks);
    let Status::Conflict(why) = &ev.status else {
        panic!("{:?}", ev.status)
    };
    let rules: Vec<String> = why.constraints.iter().map(|c| rule_key(&e, c)).collect();
    // The power group matters too: without "one power supply model" a bigger one would do.
    assert_eq!(rules, ["group:power", "upoe-budget"]);
    assert_eq!(why.choices, picks.to_vec());
}

#[test]
fn toggling_replaces_in_single_groups_and_adds_in_multiple_groups() {
    let e = engine();
    let (a, b) = (item(&e, "chassis", "24t"), item(&e, "chassis", "48t"));
    let (kit, rack) = (
        item(&e, "accessories", "stack-kit"),
        item(&e, "accessories", "rack-kit"),
    );
    let c = e.toggle::<ItemId>(&[], a);
    assert_eq!(c, [a]);
    let c = e.toggle(&c, kit);
    let c = e.toggle(&c, b);
    assert_eq!(c, [kit, b]);
    let c = e.toggle(&c, rack);
    assert_eq!(c, [kit, b, rack]);
    let c = e.toggle(&c, kit);
    assert_eq!(c, [b, rack]);
}

#[test]
fn the_demo_compiles_to_a_small_diagram_and_counts() {
    let e = engine();
    let size = e.diagram_size().expect("the demo has a diagram");
    println!("demo diagram: {size} nodes");
    assert!(size < 1000, "{size}");
    let all = e.count::<ItemId>(&[]).unwrap();
    let with_48u = e.count(&[item(&e, "chassis", "48u")]).unwrap();
    assert!(with_48u < all && with_48u > 0u32.into());
}

#[test]
fn defaults_complete_where_consistent() {
    let e = engine();
    let keys = |items: &[ItemId]| -> Vec<String> {
        items
            .iter()
            .map(|&i| {
                format!(
                    "{}.{}",
                    e.catalog().group(e.catalog().item(i).group).key,
                    e.catalog().item(i).key
                )
            })
            .collect()
    };
    // From nothing: the default chassis, supply, licence and rack kit: complete.
    let done = e.complete_with_defaults::<ItemId>(&[]);
    assert_eq!(
        keys(&done),
        [
            "chassis.24p",
            "power.715ac",
            "licence.advantage",
            "accessories.rack-kit"
        ]
    );
    assert_eq!(e.evaluate(&done).status, Status::Complete);
    // With a 48-port PoE chassis the 715 W default is not consistent: the required power
    // supply gets the first one that fits instead of staying open.
    let c48p = item(&e, "chassis", "48p");
    let done = e.complete_with_defaults(&[c48p]);
    assert_eq!(
        keys(&done),
        [
            "chassis.48p",
            "licence.advantage",
            "accessories.rack-kit",
            "power.1100ac"
        ]
    );
    assert_eq!(e.evaluate(&done).status, Status::Complete);
}

#[test]
fn cheapest_completion_of_the_demo() {
    let e = engine();
    let c48u = item(&e, "chassis", "48u");
    let done = e.cheapest_completion(&[c48u]).unwrap();
    let ev = e.evaluate(&done);
    assert_eq!(ev.status, Status::Complete);
    // 48U + two 1100 W AC (its UPOE budget) + Essentials, nothing optional.
    assert_eq!(ev.total.to_string(), "16580.00");
    let psu = item(&e, "power", "1100ac");
    assert!(done.contains(&Choice {
        item: psu,
        quantity: Some(2)
    }));
    assert_eq!(ev.quantity(psu), 2);
}

#[test]
fn the_cheapest_completion_adds_no_optional_support() {
    // Support is priced as a share of the hardware (its list price is 0): it is no bargain.
    let e = engine();
    let c48p = item(&e, "chassis", "48p");
    for budget in [configurator_engine::DIAGRAM_BUDGET, 0] {
        let e = Engine::with_diagram_budget(e.catalog().clone(), budget);
        let done = e.cheapest_completion(&[c48p]).unwrap();
        let groups: Vec<&str> = done
            .iter()
            .map(|c| {
                e.catalog()
                    .group(e.catalog().item(c.item).group)
                    .key
                    .as_str()
            })
            .collect();
        assert!(!groups.contains(&"support"), "{groups:?}");
        assert_eq!(e.evaluate(&done).status, Status::Complete);
    }
}

#[test]
fn quantities_follow_resources_and_report_what_is_achievable() {
    let e = engine();
    let (c48u, ac1100, ac715) = (
        item(&e, "chassis", "48u"),
        item(&e, "power", "1100ac"),
        item(&e, "power", "715ac"),
    );
    // The 48U's UPOE budget needs two 1100 W supplies: one is not achievable.
    let ev = e.evaluate(&[c48u, ac1100]);
    let q = ev.quantities[ac1100.index()].as_ref().unwrap();
    assert_eq!(q.values, [2]);
    assert_eq!(q.current, 2);
    assert_eq!(ev.item(ac715), ItemState::Unavailable);
    let why = e.explain(&[c48u, ac1100], ac715).unwrap();
    assert_eq!(why.choices, [c48u]);
    let rules: Vec<String> = why.constraints.iter().map(|c| rule_key(&e, c)).collect();
    assert!(rules.contains(&"upoe-budget".to_string()), "{rules:?}");
    // Setting one unit by hand is a conflict, a result with the rule that bites.
    let one = [
        Choice::from(c48u),
        Choice {
            item: ac1100,
            quantity: Some(1),
        },
    ];
    assert!(matches!(e.evaluate(&one).status, Status::Conflict(_)));
    // Optics fill the uplink module's ports: 4 on the 4x10G module, 8 on the 8x10G.
    let (m4, m8) = (item(&e, "uplink", "4x10g"), item(&e, "uplink", "8x10g"));
    let (sr, lr) = (
        item(&e, "optics", "sfp-10g-sr"),
        item(&e, "optics", "sfp-10g-lr"),
    );
    let ev = e.evaluate(&[m8, sr]);
    let q = ev.quantities[sr.index()].as_ref().unwrap();
    assert_eq!(
        (q.min(), q.max(), q.is_contiguous()),
        (Some(1), Some(8), true)
    );
    let four_sr = [
        Choice::from(m4),
        Choice {
            item: sr,
            quantity: Some(4),
        },
    ];
    let ev = e.evaluate(&four_sr);
    assert_eq!(ev.item(lr), ItemState::Unavailable);
    assert_eq!(ev.total.to_string(), "3575.00"); // 1995 + 4 x 395
    let why = e.explain(&four_sr, lr).unwrap();
    assert_eq!(why.choices, [m4, sr]);
    let rules: Vec<String> = why.constraints.iter().map(|c| rule_key(&e, c)).collect();
    assert_eq!(rules, ["group:uplink", "sfp-ports"]);
    // With three SR optics, one LR still fits.
    let three = [
        Choice::from(m4),
        Choice {
            item: sr,
            quantity: Some(3),
        },
        Choice::from(lr),
    ];
    let ev = e.evaluate(&three);
    assert_eq!(ev.quantities[lr.index()].as_ref().unwrap().values, [1]);
}

#[test]
fn choose_anyway_retracts_the_conflicting_choice_only() {
    let e = engine();
    let (c48p, kit, lic) = (
        item(&e, "chassis", "48p"),
        item(&e, "accessories", "stack-kit"),
        item(&e, "licence", "advantage"),
    );
    let choices = [c48p, kit, lic];
    // Essentials is excluded by the stacking kit only.
    let ess = item(&e, "licence", "essentials");
    let plan = e.choose_anyway(&choices, ess).unwrap();
    assert_eq!(plan.retract, [kit]);
    assert_eq!(plan.choices, [c48p, ess]);
    assert_eq!(e.evaluate(&plan.choices).item(ess), ItemState::Selected);
    // The 350 W supply needs the chassis gone.
    let small = item(&e, "power", "350ac");
    assert_eq!(e.choose_anyway(&choices, small).unwrap().retract, [c48p]);
}

#[test]
fn resources_report_use_and_supply_for_meters() {
    let e = engine();
    let (m4, sr) = (
        item(&e, "uplink", "4x10g"),
        item(&e, "optics", "sfp-10g-sr"),
    );
    let three = [
        Choice::from(m4),
        Choice {
            item: sr,
            quantity: Some(3),
        },
    ];
    let ev = e.evaluate(&three);
    let uses: Vec<(String, Option<String>, i64, i64)> = e
        .resources(&ev)
        .iter()
        .map(|r| {
            let rule = e.catalog().rule(r.rule);
            (rule.key.clone(), rule.label.clone(), r.used, r.provided)
        })
        .collect();
    assert_eq!(
        uses,
        [
            ("upoe-budget".into(), Some("UPOE power (W)".into()), 0, 0),
            ("sfp-ports".into(), Some("SFP ports".into()), 3, 4),
            ("qsfp-ports".into(), Some("40G ports".into()), 0, 0),
        ]
    );
}
