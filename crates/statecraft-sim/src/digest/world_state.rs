//! What state the simulator has: every resource and every actor (all its components), each read
//! into one [`Part`] in canonical form, and the month's digest over them.

use serde::Serialize;

use super::canonical::{Field, Tree, digest};

/// One part of the state — a resource, or an actor with all its components — in canonical
/// form, with the Rust types it was read from.
#[derive(Clone, Debug)]
pub struct Part {
    pub name: String,
    pub types: Vec<&'static str>,
    pub tree: Tree,
}

/// The digest of one month: one hash per part of the state, and their combination.
#[derive(Clone, Debug)]
pub struct TickDigest {
    pub total: u64,
    pub parts: Vec<PartDigest>,
}

/// One part's hash, and its fields, which locate a divergence inside it.
#[derive(Clone, Debug)]
pub struct PartDigest {
    pub name: String,
    pub hash: u64,
    pub fields: Vec<Field>,
}

impl TickDigest {
    /// The digest of the parts of one month's state.
    pub fn of(parts: Vec<Part>) -> TickDigest {
        let parts: Vec<PartDigest> = parts
            .into_iter()
            .map(|p| PartDigest { hash: p.tree.hash(), fields: p.tree.fields(), name: p.name })
            .collect();
        let hashes: Vec<(&str, u64)> = parts.iter().map(|p| (p.name.as_str(), p.hash)).collect();
        TickDigest { total: digest(&hashes), parts }
    }
}

/// A random stream's position, by name, so that a divergence in randomness reads `rng.word`.
#[derive(Serialize)]
struct Stream {
    seed: [u8; 32],
    stream: u64,
    word: u128,
}

impl Stream {
    fn of(rng: &rand::rngs::ChaCha8Rng) -> Stream {
        Stream { seed: rng.get_seed(), stream: rng.get_stream(), word: rng.get_word_pos() }
    }
}

/// An actor's whole state, by component.
#[derive(Serialize)]
struct ActorState<'a> {
    id: &'a crate::actors::ActorId,
    decider: &'a crate::actors::Decider,
    rng: Stream,
    #[serde(skip_serializing_if = "Option::is_none")]
    us_admin: Option<&'a crate::actors::us_admin::UsAdmin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bloc: Option<&'a crate::actors::congress::Bloc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vendor: Option<&'a crate::actors::vendor::Vendor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beijing: Option<&'a crate::actors::beijing::BeijingLeader>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud: Option<&'a crate::actors::cloud::Cloud>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lab: Option<&'a crate::actors::lab::LabState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chipmaker: Option<&'a crate::actors::chipmaker::Chipmaker>,
}

/// The resources of a world that are not model state: the run's output, which the model
/// writes and never reads.
pub fn not_state() -> Vec<&'static str> {
    vec![std::any::type_name::<crate::phases::record::Recorder>()]
}

/// The whole model state in canonical form: every resource, then every actor (named by its
/// `ActorName`) in `ActorId` order.
pub fn world_state(world: &mut bevy_ecs::world::World) -> Vec<Part> {
    use std::any::type_name;

    use crate::actors::beijing::BeijingLeader;
    use crate::actors::chipmaker::Chipmaker;
    use crate::actors::cloud::Cloud;
    use crate::actors::congress::Bloc;
    use crate::actors::lab::LabState;
    use crate::actors::us_admin::UsAdmin;
    use crate::actors::vendor::Vendor;
    use crate::actors::{ActorId, ActorName, Decider};
    use crate::rng::{ActorRng, NatureRng};
    use crate::state::*;

    fn part<T: bevy_ecs::resource::Resource + Serialize>(world: &bevy_ecs::world::World, name: &str) -> Part {
        Part { name: name.to_string(), types: vec![type_name::<T>()], tree: Tree::of(world.resource::<T>()) }
    }
    fn present<T>(component: Option<&T>) -> Option<&'static str> {
        component.map(|_| type_name::<T>())
    }
    let mut parts = vec![
        part::<Calendar>(world, "calendar"),
        part::<Params>(world, "params"),
        part::<ExportPolicy>(world, "export_policy"),
        part::<ImportPolicy>(world, "import_policy"),
        part::<Relations>(world, "relations"),
        part::<Bills>(world, "bills"),
        part::<Compute>(world, "compute"),
        part::<Frontier>(world, "frontier"),
        part::<Ledger>(world, "ledger"),
        part::<Trade>(world, "trade"),
        part::<Script>(world, "script"),
        part::<ScriptedStances>(world, "scripted_stances"),
        part::<Signals>(world, "signals"),
        part::<crate::market::Market>(world, "market"),
        part::<crate::stage_game::StageGame>(world, "stage_game"),
        Part {
            name: "nature_rng".into(),
            types: vec![type_name::<NatureRng>()],
            tree: Tree::of(&Stream::of(&world.resource::<NatureRng>().0)),
        },
    ];
    let mut actors = world.query::<(
        &ActorId,
        &ActorName,
        &Decider,
        &ActorRng,
        Option<&UsAdmin>,
        Option<&Bloc>,
        Option<&Vendor>,
        Option<&BeijingLeader>,
        Option<&Cloud>,
        Option<&LabState>,
        Option<&Chipmaker>,
    )>();
    let mut rows: Vec<_> = actors.iter(world).collect();
    rows.sort_by_key(|r| *r.0);
    for (id, name, decider, rng, us_admin, bloc, vendor, beijing, cloud, lab, chipmaker) in rows {
        let mut types =
            vec![type_name::<ActorId>(), type_name::<ActorName>(), type_name::<Decider>(), type_name::<ActorRng>()];
        types.extend(
            [
                present(us_admin),
                present(bloc),
                present(vendor),
                present(beijing),
                present(cloud),
                present(lab),
                present(chipmaker),
            ]
            .into_iter()
            .flatten(),
        );
        let state =
            ActorState { id, decider, rng: Stream::of(&rng.0), us_admin, bloc, vendor, beijing, cloud, lab, chipmaker };
        parts.push(Part { name: format!("actor:{}", name.0), types, tree: Tree::of(&state) });
    }
    parts
}

/// Digest every part of the world's state.
pub fn world_digest(world: &mut bevy_ecs::world::World) -> TickDigest {
    TickDigest::of(world_state(world))
}

/// Record: the month's digest.
pub fn record_digest(world: &mut bevy_ecs::world::World) {
    let d = world_digest(world);
    world.resource_mut::<crate::phases::record::Recorder>().digests.push(d);
}
