// The foot model's scenario entries, one table per section: each table
// declares its entries with their unit and range and parses them into the
// section's struct in SI (scenario/entry_table.h).
#include "scenario/foot_parameters.h"

#include <deal.II/base/utilities.h>

#include "base/errors.h"
#include "scenario/entry_table.h"
#include "scenario/parameter_listing.h"

#include <cmath>
#include <sstream>
#include <string>

namespace plantarfe::scenario
{
  using namespace dealii;
  using namespace entry_units;
  using anatomy::FootGeometry;
  using anatomy::FootMeshSettings;

  namespace
  {
    EntryTable<FootGeometry>
    foot_entries()
    {
      using G = FootGeometry;
      EntryTable<G> t({"Foot"});
      t.number("Foot length",
               &G::foot_length,
               266,
               mm,
               150,
               350,
               "Heel to toe tip (mm); 266-276 mm in young adults.")
        .number("Foot width",
                &G::foot_width,
                90,
                mm,
                50,
                140,
                "Width of the 3D model and depth of the 2D (plane strain) "
                "slice (mm); breadth 90-95 mm in adults.")
        .number("Heel pad thickness",
                &G::heel_pad_thickness,
                16,
                mm,
                5,
                40,
                "Unloaded heel fat pad under the medial calcaneal tubercle "
                "(mm); about 16 mm (fluoroscopy), 18.8 mm (population "
                "study).")
        .number("Forefoot pad thickness",
                &G::forefoot_pad_thickness,
                12,
                mm,
                6,
                30,
                "Soft tissue under the first metatarsal head (mm).")
        .number_above("Arch height",
                      &G::arch_height,
                      38,
                      mm,
                      0.,
                      "Height of the navicular landmark (plantar midfoot) "
                      "above the ground (mm); must be > 0 and at least "
                      "10 mm above the heel pad.")
        .number("Fascia thickness",
                &G::fascia_thickness,
                3.2,
                mm,
                0.5,
                15,
                "Plantar fascia thickness (mm): healthy 2-4 mm (3.2 +- 0.7), "
                "plantar fasciitis > 4 mm (6.5 +- 1.6). Must leave 5 mm of "
                "heel pad and of forefoot pad below it.")
        .number("Fascia width",
                &G::fascia_width,
                20,
                mm,
                5,
                60,
                "Width of the fascia band (mm): its width in 3D; in 2D the "
                "fascia's stiffness is scaled by width / foot width so its "
                "axial stiffness matches.")
        .number("Insertion region length",
                &G::insertion_length,
                12,
                mm,
                3,
                40,
                "Length of fascia next to the calcaneus that forms the "
                "heel-attachment region of the metrics, from the tubercle "
                "(mm); it must reach 2 mm past where the band leaves the "
                "bone (about 2.6 mm in front of the tubercle).")
        .number("Heel spur length",
                &G::heel_spur_length,
                0,
                mm,
                0,
                30,
                "Bony spur growing forward from the medial tubercle, deep "
                "(dorsal) to the fascia with 1 mm of tissue between, as "
                "spurs lie in the flexor digitorum brevis origin; length "
                "from where the band leaves the bone (mm); 0 = none.")
        .number("Cartilage thickness",
                &G::cartilage_thickness,
                2,
                mm,
                0.5,
                6,
                "Joint cartilage layers between bones (mm).");
      return t;
    }

    EntryTable<FootGeometry>
    ligament_geometry_entries()
    {
      using G = FootGeometry;
      EntryTable<G> t({"Foot", "Ligaments"});
      t.choice_is("Plantar ligaments",
                  &G::plantar_ligaments,
                  "on|off",
                  "on",
                  "on",
                  "The plantar ligaments that tie the arch with the fascia "
                  "(spring, short plantar, long plantar, plantar "
                  "tarsometatarsal) as bands between their bones, each "
                  "reporting its force; off leaves them out, as sectioning "
                  "studies cut them (Huang et al. 1993). With bonded joints "
                  "the bands mostly measure the layers' compliance "
                  "(docs/model.md, Ligaments).")
        .choice_is("Dorsal ligaments",
                   &G::dorsal_ligaments,
                   "on|off",
                   "on",
                   "on",
                   "The dorsal ligaments that hold the Chopart and "
                   "tarsometatarsal joints together on the side away from "
                   "the fascia (dorsal talonavicular, dorsal "
                   "tarsometatarsal) as bands over the joints, each "
                   "reporting its force. They tighten when a joint opens "
                   "dorsally (the arch bending the other way, a toe-off "
                   "push); in stance the plantar side opens and they stay "
                   "slack.")
        .number("Band thickness",
                &G::ligament_thickness,
                2,
                mm,
                0.5,
                5,
                "Sagittal thickness of each ligament band (mm; the plantar "
                "tarsometatarsal band is 3/4 of it). Its stiffness comes "
                "from Tissues/Ligaments, whatever the thickness.")
        .number("Band width",
                &G::ligament_width,
                20,
                mm,
                5,
                60,
                "Width of every ligament band in 3D (mm); as for the "
                "thickness, the stiffness is scaled to the ligament's "
                "section.");
      return t;
    }

    EntryTable<FootGeometry>
    leg_entries()
    {
      using G = FootGeometry;
      EntryTable<G> t({"Foot", "Leg"});
      t.number("Tibia length",
               &G::tibia_length,
               380,
               mm,
               200,
               500,
               "Ankle centre to the knee end (mm).")
        .number("Tibia width",
                &G::tibia_width,
                26,
                mm,
                10,
                40,
                "Tibial shaft width (mm).")
        .number("Achilles moment arm",
                &G::achilles_moment_arm,
                48,
                mm,
                30,
                80,
                "Distance of the Achilles tendon from the ankle centre (mm); "
                "47.9 +- 4.5 mm at neutral.")
        .number("Achilles thickness",
                &G::achilles_thickness,
                6,
                mm,
                2,
                15,
                "Tendon thickness in the sagittal plane (mm).")
        .number("Achilles width",
                &G::achilles_width,
                20,
                mm,
                4,
                40,
                "Tendon band width in 3D (mm). The tendon's axial stiffness "
                "is set from the measured value whatever its section, so "
                "this only shapes the load path; 20 mm (the tendon "
                "mid-portion is 12-15 mm, its aponeurosis and calcaneal "
                "footprint wider) matches the default muscle width so the "
                "belly pulls straight on it.")
        .number("Tendon length",
                &G::tendon_length,
                150,
                mm,
                50,
                300,
                "Free tendon from the calcaneus to the muscle-tendon "
                "junction (mm).")
        .number("Muscle thickness",
                &G::muscle_thickness,
                30,
                mm,
                10,
                80,
                "Calf muscle belly thickness in the sagittal plane (mm).")
        .number("Muscle width",
                &G::muscle_width,
                20,
                mm,
                10,
                120,
                "Calf muscle belly width in 3D (mm). The passive and active "
                "forces are per unit of its section, so the unit's force "
                "does not depend on it; a belly wider than the tendon pulls "
                "mostly on soft tissue at its junction (a 60 mm belly on a "
                "10 mm tendon carried a third of the 2D Achilles force and "
                "its junction inverted under a prescribed 2 kN).");
      return t;
    }

    EntryTable<FootMeshSettings>
    mesh_entries()
    {
      using M = FootMeshSettings;
      EntryTable<M> t({"Foot", "Mesh"});
      t.number("Cell size 2D",
               &M::mesh_size_2d,
               3,
               mm,
               0.3,
               20,
               "Target cell size of the 2D mesh in the foot (mm); thin "
               "layers are resolved finer, the leg twice as coarse.")
        .number("Cell size 3D",
                &M::mesh_size_3d,
                6,
                mm,
                1,
                30,
                "In-plane cell size of the 3D model (mm).")
        .number("Slice size",
                &M::slice_size,
                12,
                mm,
                2,
                50,
                "Cell size across the width in 3D (mm).")
        .integer("Refinements",
                 &M::refinements,
                 0,
                 0,
                 4,
                 "Uniform refinements of the generated (or imported) mesh.")
        .choice_is("Quadrilaterals",
                   &M::split_triangles,
                   "recombined|split triangles",
                   "recombined",
                   "split triangles",
                   "How Gmsh makes the quadrilaterals: triangle pairs "
                   "recombined (the default mesh), or every triangle split "
                   "in three, a different mesh of the same anatomy for "
                   "checking that a result does not depend on the mesh "
                   "(scenarios/import/quiet_standing_2d_split_triangles.prm).")
        .choice_is("3D foot",
                   &M::anatomical,
                   "extruded section|anatomical",
                   "extruded section",
                   "anatomical",
                   "How the 3D foot is built: the sagittal section extruded "
                   "across the foot's width (every bone a prism), or "
                   "anatomical: bones, rays, arches, a rounded heel and a "
                   "three-band fascia built in 3D, meshed with tetrahedra "
                   "(docs/model.md, The anatomical 3D foot). The anatomical "
                   "foot is written by `plantarfe mesh SCENARIO -o "
                   "foot.msh` and run as Geometry/Shape = mesh file.");
      return t;
    }

    using T = TissueParameters;

    /// Bone and cartilage: linear elastic.
    EntryTable<T>
    elastic_entries(const std::string &name,
                    double T::*modulus,
                    double T::        *poisson,
                    const double       modulus_default,
                    const double       modulus_lo,
                    const double       modulus_hi,
                    const std::string &modulus_doc,
                    const double       poisson_default,
                    const double       poisson_hi,
                    const std::string &poisson_doc)
    {
      EntryTable<T> t({"Tissues", name});
      t.number("Young's modulus",
               modulus,
               modulus_default,
               MPa,
               modulus_lo,
               modulus_hi,
               modulus_doc)
        .number("Poisson's ratio",
                poisson,
                poisson_default,
                none,
                0.,
                poisson_hi,
                poisson_doc);
      return t;
    }

    /// Heel pad and soft tissue: the same Ogden entries.
    EntryTable<T>
    ogden_entries(const std::string &name,
                  double T::*c1,
                  double T::*m1,
                  double T:: *poisson,
                  std::string T::*section_2d)
    {
      EntryTable<T> t({"Tissues", name});
      t.number("Ogden c1",
               c1,
               26.52,
               kPa,
               0.1,
               1000,
               "Ogden modulus c1 (kPa) in FEBio's uncoupled convention "
               "W = c1/m1^2 (l1^m1 + l2^m1 + l3^m1 - 3); initial shear "
               "modulus c1/2. Petre et al. 2013: 26.52 kPa.")
        .number("Ogden m1",
                m1,
                17.71,
                none,
                2,
                40,
                "Ogden exponent m1; Petre et al. 2013: 17.71.")
        .number("Poisson's ratio",
                poisson,
                0.49,
                none,
                0.3,
                0.4999,
                "Initial Poisson's ratio (sets the bulk modulus; nearly "
                "incompressible, u-p-J formulation).")
        .choice("2D section",
                section_2d,
                "plane stress|plane strain",
                "plane stress",
                "How a 2D model treats this tissue across the foot (3D "
                "ignores it). plane stress: the pad bulges sideways freely, "
                "as a pad a few times wider than thick does (its "
                "out-of-plane stretch makes the out-of-plane stress zero); "
                "plane strain: it is held across, as if between two walls, "
                "which stiffens a nearly incompressible pad several-fold "
                "(docs/model.md, 2D sections of the pads).");
      return t;
    }

    EntryTable<T>
    fascia_entries()
    {
      EntryTable<T> t({"Tissues", "Plantar fascia"});
      t.choice("Law",
               &T::fascia_law,
               "linear|Natali 2010|Gefen 2002",
               "linear",
               "Fibre law of the fascia: linear (tension-only, Young's "
               "modulus below; 350 MPa in the Cheung/Zhang models), Natali "
               "2010 (exponential), Gefen 2002 (polynomial). They differ ~5x "
               "at 1-2 % strain.")
        .number("Young's modulus",
                &T::fascia_E,
                350,
                MPa,
                1,
                5000,
                "Fascia modulus of the linear law (MPa).")
        .number("Matrix shear modulus",
                &T::fascia_matrix_mu,
                500,
                kPa,
                1,
                50000,
                "Shear modulus of the fascia's ground matrix (kPa) for the "
                "linear and Gefen laws (Natali's own matrix is 14.449 MPa).");
      return t;
    }

    EntryTable<T>
    tendon_entries()
    {
      EntryTable<T> t({"Tissues", "Achilles tendon"});
      t.number("Stiffness",
               &T::achilles_stiffness,
               430,
               N_per_mm,
               50,
               3000,
               "Axial stiffness of the free tendon (N/mm); 430 +- 200 N/mm "
               "(Peltonen 2010). Turned into a modulus with the tendon's "
               "length and cross-section.")
        .number("Matrix shear modulus",
                &T::tendon_matrix_mu,
                500,
                kPa,
                1,
                50000,
                "Shear modulus of the tendon matrix (kPa).");
      return t;
    }

    EntryTable<T>
    calf_muscle_entries()
    {
      EntryTable<T> t({"Tissues", "Calf muscle"});
      t.number("Max isometric force",
               &T::muscle_max_force,
               5000,
               N,
               100,
               20000,
               "Summed maximal isometric force of the triceps surae (N); "
               "scales the Thelen passive curve.")
        .number("Optimal fibre length",
                &T::muscle_fibre_length,
                55,
                mm,
                10,
                200,
                "Optimal fibre length (mm): the belly's stretch is mapped "
                "onto fibres of this length.")
        .number("Passive strain at max force",
                &T::muscle_eps0,
                0.6,
                none,
                0.1,
                2,
                "Thelen 2003 eps0: fibre strain at which the passive force "
                "equals the max isometric force (0.6).")
        .number("Passive shape factor",
                &T::muscle_shape,
                5,
                none,
                1,
                10,
                "Thelen 2003 k_PE (5).")
        .number("Matrix shear modulus",
                &T::muscle_matrix_mu,
                5,
                kPa,
                0.1,
                1000,
                "Shear modulus of the muscle's matrix (kPa).");
      return t;
    }

    EntryTable<T>
    joint_entries()
    {
      EntryTable<T> t({"Tissues", "Joints"});
      t.choice("Model",
               &T::joints,
               "bonded|sliding",
               "sliding",
               "How the cartilage layers of the arch's joints (Chopart and "
               "tarsometatarsal) join their bones. bonded: the layer is "
               "isotropic cartilage glued to both bones (Tissues/Cartilage). "
               "sliding: the layer (region arch_joint) resists closing with "
               "the cartilage's confined modulus but carries no tension "
               "across the joint and little shear along it, so the joint "
               "opens and slides and the ligaments and the fascia hold it "
               "(docs/model.md, Joints). The subtalar, MTP, "
               "interphalangeal and ankle layers stay bonded.")
        .number("Sliding shear modulus",
                &T::joint_sliding_mu,
                20,
                kPa,
                0.5,
                500,
                "Shear modulus of a sliding joint's layer (kPa): what keeps "
                "its bones together and resists sliding along the joint "
                "besides the ligaments and soft tissue (cartilage itself: "
                "about 360 kPa).")
        .number("Released by",
                &T::joint_released_by,
                0.5,
                none,
                0.,
                1.,
                "Load fraction by which a sliding layer has been let go: it "
                "starts as bonded cartilage and blends into the sliding layer "
                "as (1 - t / this)^2 of the load fraction t, so that the "
                "ligaments and the ground are loaded before the arch may "
                "slide (at the unloaded state Newton cycles between the "
                "sole's sticking and slipping). 0: sliding from the start. "
                "The answer at full load is the sliding layer's.");
      return t;
    }

    EntryTable<T>
    ligament_entries()
    {
      EntryTable<T> t({"Tissues", "Ligaments"});
      t.number("Young's modulus",
               &T::ligament_E,
               264.8,
               MPa,
               50,
               1000,
               "Young's modulus of the ligaments' fibres (MPa), tension "
               "only; 264.8 MPa in the Hong Kong PolyU foot models (e.g. "
               "Chen et al. 2022), 100-320 MPa across their rearfoot "
               "ligaments.")
        .number("Slack strain",
                &T::ligament_slack,
                0,
                none,
                0,
                0.1,
                "Strain a ligament takes up before it pulls (0 = taut in "
                "the unloaded foot, as the truss ligaments of published "
                "foot models).")
        .number("Toe strain",
                &T::ligament_toe,
                0,
                none,
                0,
                0.1,
                "Ligament toe region (Blankevoort & Huiskes 1991): the "
                "fibre stress rises as E e^2 / (4 e_l) up to strain 2 e_l "
                "while the crimped collagen straightens, then E (e - e_l). "
                "0 (default) keeps the ligaments linear from the slack, as "
                "the truss ligaments of published foot models; 0.03 is "
                "Blankevoort's value for knee ligaments (no plantar data "
                "found).")
        .number("Matrix shear modulus",
                &T::ligament_matrix_mu,
                500,
                kPa,
                1,
                5000,
                "Shear modulus of the bands' matrix (kPa), as the fascia's.")
        .number("Spring ligament section",
                &T::spring_section,
                70,
                mm2,
                5,
                300,
                "Cross-section of the spring ligament (mm^2): its "
                "superomedial part is 20 mm wide at the sustentaculum "
                "(Patil et al. 2007); 70 mm^2 takes it 3.5 mm thick. Foot "
                "ligaments measure 21-170 mm^2 (Mkandawire et al. 2005).")
        .number("Short plantar ligament section",
                &T::short_plantar_section,
                60,
                mm2,
                5,
                300,
                "Cross-section of the short plantar ligament (mm^2), in "
                "the 21-170 mm^2 of foot ligaments (Mkandawire et al. "
                "2005).")
        .number("Long plantar ligament section",
                &T::long_plantar_section,
                100,
                mm2,
                5,
                300,
                "Cross-section of the long plantar ligament (mm^2), the "
                "largest of the plantar ligaments, in the 21-170 mm^2 of "
                "foot ligaments (Mkandawire et al. 2005).")
        .number("Plantar tarsometatarsal section",
                &T::plantar_tmt_section,
                40,
                mm2,
                5,
                300,
                "Cross-section of the plantar tarsometatarsal ligament of "
                "the first ray (mm^2), in the 21-170 mm^2 of foot ligaments "
                "(Mkandawire et al. 2005).")
        .number("Dorsal talonavicular section",
                &T::dorsal_talonavicular_section,
                30,
                mm2,
                5,
                300,
                "Cross-section of the dorsal talonavicular ligament (mm^2): "
                "a broad, thin band, taken near the low end of the "
                "21-170 mm^2 of foot ligaments (Mkandawire et al. 2005; no "
                "measurement of this ligament alone found).")
        .number("Dorsal tarsometatarsal section",
                &T::dorsal_tmt_section,
                25,
                mm2,
                5,
                300,
                "Cross-section of the dorsal tarsometatarsal ligament of the "
                "first ray (mm^2), thinner than its plantar counterpart; "
                "near the low end of the 21-170 mm^2 of foot ligaments "
                "(Mkandawire et al. 2005).");
      return t;
    }

    EntryTable<T>
    fibre_switch_entries()
    {
      EntryTable<T> t({"Tissues"});
      t.flag("Fibres",
             &T::fibres,
             true,
             "false: every fibre-reinforced tissue (plantar fascia, Achilles "
             "tendon, ligaments, calf muscle) is its isotropic matrix alone. "
             "Not a foot (nothing ties the arch or pulls the heel): the "
             "simplification that isotropic codes can run as well "
             "(bench/foot_peer; plantarfe mesh --model writes it for "
             "CalculiX/Abaqus). Needs a prescribed Achilles force of 0.");
      t.flag("Calf muscle fibres",
             &T::calf_fibres,
             true,
             "false: the calf muscle alone is its isotropic matrix (no "
             "Thelen passive curve); the fascia, tendon and ligaments keep "
             "their fibres. The foot FEBio can run (FEBio has no Thelen "
             "law; plantarfe mesh -o foot.feb writes it). In quiet standing "
             "with no Achilles force the calf is barely stretched and its "
             "passive pull is nil either way. Needs a prescribed Achilles "
             "force of 0.");
      return t;
    }

    std::vector<EntryTable<T>>
    tissue_entries()
    {
      return {fibre_switch_entries(),
              elastic_entries("Bone",
                              &T::bone_E,
                              &T::bone_nu,
                              7300,
                              100,
                              30000,
                              "Bone (MPa); 7.3 GPa in the Cheung/Zhang foot "
                              "models.",
                              0.3,
                              0.45,
                              "Bone."),
              elastic_entries("Cartilage",
                              &T::cartilage_E,
                              &T::cartilage_nu,
                              1,
                              0.1,
                              100,
                              "Cartilage (MPa).",
                              0.4,
                              0.49,
                              "Cartilage."),
              ogden_entries("Heel pad",
                            &T::heel_pad_c,
                            &T::heel_pad_m,
                            &T::heel_pad_nu,
                            &T::heel_pad_2d),
              ogden_entries("Soft tissue",
                            &T::soft_tissue_c,
                            &T::soft_tissue_m,
                            &T::soft_tissue_nu,
                            &T::soft_tissue_2d),
              fascia_entries(),
              joint_entries(),
              ligament_entries(),
              tendon_entries(),
              calf_muscle_entries()};
    }

    using S = SubjectParameters;

    EntryTable<S>
    subject_entries()
    {
      EntryTable<S> t({"Subject"});
      t.number_above(
         "Body mass", &S::body_mass, 70, kg, 0., "Body mass (kg); must be > 0.")
        .number("Load share",
                &S::load_share,
                0.5,
                none,
                0.,
                2.,
                "Fraction of body weight carried by this foot (0.5 bipedal "
                "standing, 1 single-leg stance; > 1 for dynamic peaks).");
      return t;
    }

    EntryTable<S>
    calf_entries()
    {
      EntryTable<S> t({"Subject", "Calf"});
      t.number_checked("Dorsiflexion range",
                       &S::dorsiflexion_range,
                       15,
                       degrees,
                       -20.,
                       40.,
                       "Calf tightness: passive ankle dorsiflexion range "
                       "with the knee extended (degrees, in [-20, 40]); "
                       "~13-15 supple, <= 5 tight, 0 severe equinus. Sets "
                       "the slack length of the calf muscle-tendon unit.")
        .number("End-of-range moment",
                &S::end_of_range_moment,
                27,
                N_m,
                1,
                200,
                "Passive plantarflexor moment at the end of the dorsiflexion "
                "range (N m). 27 N m (Riener & Edrich's curve near 15 "
                "degrees) gives a supple calf (15-degree range) 15 N m at "
                "10 degrees, against their 17 N m.")
        .choice_is("Achilles force",
                   &S::prescribed_achilles,
                   "balance|prescribed",
                   "balance",
                   "prescribed",
                   "balance: the calf pulls with what holds the body in "
                   "moment balance at the ankle (body weight x Stance/Centre "
                   "of mass ahead of ankle / Achilles moment arm): its "
                   "passive pull, set by the tightness, plus an active part "
                   "where that is not enough; the knee is free. prescribed: "
                   "the calf pulls with the force below and the knee end is "
                   "held horizontally, as in published FE set-ups (balance is "
                   "not enforced; the knee's reaction is reported).")
        .number("Prescribed force",
                &S::achilles_force,
                0,
                N,
                0,
                10000,
                "Achilles force when prescribed (N).");
      return t;
    }

    using P = StanceParameters;

    EntryTable<P>
    stance_entries()
    {
      EntryTable<P> t({"Stance"});
      t.number("Ankle dorsiflexion",
               &P::ankle_dorsiflexion,
               3,
               degrees,
               -25,
               25,
               "Stance ankle dorsiflexion = forward tibial inclination "
               "(degrees); quiet standing ~3, midstance ~10. With a "
               "balanced Achilles force it must lie within the calf's "
               "dorsiflexion range.")
        .number("Centre of mass ahead of ankle",
                &P::centre_of_mass_ahead,
                40,
                mm,
                -50,
                250,
                "Horizontal distance (mm) from the ankle centre forward to "
                "the vertical through the body's centre of mass: the line "
                "body weight acts along (balanced Achilles force). 40 mm: "
                "the centre of mass lies a few cm in front of the ankle in "
                "quiet standing (Winter 1995); with the 48 mm Achilles "
                "moment arm it asks for 0.83 x the foot's load, near the "
                "75 % with which Cheung 2006 matched measured standing. A "
                "calf whose passive pull alone exceeds that moves the line "
                "forward (reported).")
        .number("Toe dorsiflexion",
                &P::toe_dorsiflexion,
                0,
                degrees,
                0,
                60,
                "First-toe dorsiflexion (degrees): the phalanges are turned "
                "about the MTP joint (windlass).")
        .flag("Heel off",
              &P::heel_off,
              false,
              "true: the ground turns with the toes about the forefoot, so "
              "the heel lifts (late stance).")
        .choice("Ground friction",
                &P::ground_friction,
                "coulomb|stick|frictionless",
                "coulomb",
                "coulomb: the sole sticks while the shear stays below "
                "Ground friction coefficient x pressure and slides beyond it "
                "(with slip history); stick: it never slides (no limit); "
                "frictionless: it slides freely, so only the knee holds the "
                "foot (needs a prescribed Achilles force).")
        .number("Ground friction coefficient",
                &P::ground_friction_coefficient,
                0.6,
                none,
                0,
                5,
                "Coulomb coefficient between the sole and the ground (used "
                "with Ground friction = coulomb). 0.6: barefoot plantar skin, "
                "as in Cheung et al. 2005 (from Zhang and Mak 1999).")
        .number("Ground elastic slip",
                &P::ground_elastic_slip,
                0.05,
                mm,
                0,
                1,
                "How far (mm) a sticking sole point may creep before it "
                "slips (Ground friction = coulomb): its tangential spring is "
                "mu x pressure / this, so lightly pressed points keep a stick "
                "zone (Abaqus' elastic slip; docs/model.md 7g). 0: the spring "
                "is as stiff as the normal penalty, and the creep allowed "
                "falls with the pressure.")
        .number("Settling support",
                &P::settling_support,
                0,
                Pa_per_m,
                0,
                1e10,
                "Stiffness (Pa/m: traction per metre of displacement) of a "
                "soft support under the sole (skin below 10 mm) that holds "
                "the foot in every direction until its contact patch has "
                "formed and lets go by a quarter of the load, as "
                "(1 - 4 t)^2 of its stiffness at load fraction t; from "
                "there on it carries nothing. For a sole that first meets "
                "the ground at a point (a rounded heel from a mesh file): "
                "on such a sole the first Newton update of a balanced "
                "stance is unbounded, as nothing holds the unloaded foot "
                "yet. 1e6 (1 kPa/mm) holds the first load step to about "
                "a millimetre. 0: none (the outline's flat sole starts on "
                "the ground).")
        .number("Ground penalty",
                &P::ground_penalty,
                0,
                Pa_per_m,
                0,
                1e15,
                "Contact penalty (Pa/m); 0 = automatic from the soft "
                "tissue's stiffness and the cell size.");
      return t;
    }
  } // namespace

  namespace
  {
    std::string
    degrees_text(const double rad)
    {
      std::ostringstream o;
      o << rad * 180. / M_PI;
      return o.str();
    }

    /// What a balanced stance needs of the other entries, checked before
    /// any mesh is built.
    void
    check_balance_entries(const FootScenario &s)
    {
      const bool calf_pulls =
        !s.subject.prescribed_achilles || s.subject.achilles_force != 0.;
      for (const auto &[on, entry] :
           {std::make_pair(s.tissues.fibres, "Fibres"),
            std::make_pair(s.tissues.calf_fibres, "Calf muscle fibres")})
        if (!on && calf_pulls)
          throw ScenarioError(
            std::string("Tissues/") + entry +
            ": without fibres the calf cannot pull; set "
            "Subject/Calf/Achilles force = prescribed with Prescribed force "
            "= 0");
      if (s.subject.prescribed_achilles)
        return;
      if (s.stance.ankle_dorsiflexion > s.subject.dorsiflexion_range + 1e-12)
        throw ScenarioError(
          "Stance/Ankle dorsiflexion: " +
          degrees_text(s.stance.ankle_dorsiflexion) +
          " degrees is beyond Subject/Calf/Dorsiflexion range (" +
          degrees_text(s.subject.dorsiflexion_range) +
          " degrees): this calf cannot let the shank incline that far with "
          "the heel down; lower the stance angle, widen the range, or "
          "prescribe the Achilles force");
      if (s.stance.ground_friction == "frictionless" ||
          (s.stance.ground_friction == "coulomb" &&
           s.stance.ground_friction_coefficient == 0.))
        throw ScenarioError(
          "Stance/Ground friction: a frictionless ground cannot hold a "
          "balanced foot (the knee is free); use coulomb with a "
          "Ground friction coefficient > 0, or set "
          "Subject/Calf/Achilles force = prescribed");
    }
  } // namespace

  void
  declare_foot_parameters(ParameterHandler &prm)
  {
    foot_entries().declare(prm);
    ligament_geometry_entries().declare(prm);
    leg_entries().declare(prm);
    mesh_entries().declare(prm);
    for (const auto &table : tissue_entries())
      table.declare(prm);
    subject_entries().declare(prm);
    calf_entries().declare(prm);
    stance_entries().declare(prm);
  }

  namespace
  {
    /// Geometry/Landmark points: "name: x y" pairs in the mesh's unit.
    std::map<std::string, Point<2>>
    read_landmark_points(const std::string &text, const double metres)
    {
      std::map<std::string, Point<2>> out;
      for (const auto &pair : Utilities::split_string_list(text, ','))
        {
          const auto         colon = pair.find(':');
          const auto         name  = Utilities::trim(pair.substr(0, colon));
          std::istringstream in(colon == std::string::npos ?
                                  std::string() :
                                  pair.substr(colon + 1));
          double             x = 0., y = 0.;
          if (!(in >> x >> y))
            throw ScenarioError("Geometry/Landmark points: '" + pair +
                                "' is not 'name: x y'");
          out[name] = Point<2>(x * metres, y * metres);
        }
      return out;
    }

    /// Geometry/Shape = mesh file: the file replaces the generated mesh;
    /// its landmarks and fibre directions come from the mesh unless set to
    /// the outline, whose anatomy the Foot section describes.
    void
    read_mesh_import(ParameterHandler &prm, FootScenario &s)
    {
      prm.enter_subsection("Geometry");
      const bool imported     = prm.get("Shape") == "mesh file";
      auto      &in           = s.mesh.imported;
      in.file                 = imported ? prm.get("Mesh file") : "";
      in.metres_per_unit      = prm.get("Length unit") == "mm" ? 1e-3 : 1.;
      const std::string names = prm.get("Region names");
      // auto: a file holds a subject's foot, whose bands and bones the
      // Foot section's outline does not know; the built-in foot is drawn
      // from that outline.
      const std::string fibres = prm.get("Fibre directions");
      s.mesh.laplace_fibres =
        fibres == "laplace" || (fibres == "auto" && imported);
      const std::string landmarks = prm.get("Landmarks");
      s.mesh.mesh_landmarks =
        landmarks == "mesh" ||
        (landmarks == "auto" && imported && s.mesh.laplace_fibres);
      const std::string points  = prm.get("Landmark points");
      const std::string inner   = prm.get("Inner surfaces");
      const std::string painted = prm.get("Painted surfaces");
      in.fill_region            = prm.get("Fill region");
      prm.leave_subsection();
      prm.enter_subsection("Discretisation");
      in.keep_simplices = prm.get("Cells") == "tetrahedra";
      prm.leave_subsection();
      if (in.keep_simplices && !imported)
        throw ScenarioError(
          "Discretisation/Cells = tetrahedra needs Geometry/Shape = mesh file "
          "(a mesh of tetrahedra or triangles, or .stl surfaces): the "
          "built-in foot is meshed with hexahedra");
      s.mesh.landmark_points = read_landmark_points(points, in.metres_per_unit);
      if (!s.mesh.mesh_landmarks && !s.mesh.landmark_points.empty())
        throw ScenarioError(
          "Geometry/Landmark points: given, but the landmarks come from the "
          "outline (Geometry/Landmarks = outline, or auto on the built-in "
          "foot or with outline fibres); set Landmarks = mesh");
      if (s.mesh.mesh_landmarks && !s.mesh.laplace_fibres)
        throw ScenarioError(
          "Geometry/Landmarks: mesh needs Geometry/Fibre directions = "
          "laplace (the outline's fibres are drawn along the outline's own "
          "landmarks, which the mesh's replace)");
      if (imported && in.file.empty())
        throw ScenarioError(
          "Geometry/Mesh file: Shape = mesh file needs the mesh's path");
      for (const auto &[file_name, model_name] : name_value_pairs(names))
        in.names[file_name] = model_name;
      in.inner_surfaces   = name_value_pairs(inner);
      in.painted_surfaces = name_value_pairs(painted);
      const bool surfaces =
        !in.inner_surfaces.empty() || !in.painted_surfaces.empty();
      if (surfaces &&
          (in.file.size() < 4 || in.file.substr(in.file.size() - 4) != ".stl"))
        throw ScenarioError(
          "Geometry/Inner surfaces: surfaces go with a skin surface; set "
          "Geometry/Mesh file to the skin's .stl");
      // The foot must be the one the Foot section describes while its
      // landmarks (and so the massage points) are drawn from that anatomy
      // (Landmarks = outline). With the landmarks from the mesh, any adult
      // foot runs.
      in.expected_foot_length =
        s.mesh.mesh_landmarks ? 0. : s.geometry.foot_length;
    }
  } // namespace

  FootScenario
  read_foot_parameters(ParameterHandler &prm)
  {
    FootScenario s;
    foot_entries().parse(prm, s.geometry);
    ligament_geometry_entries().parse(prm, s.geometry);
    leg_entries().parse(prm, s.geometry);
    mesh_entries().parse(prm, s.mesh);
    for (const auto &table : tissue_entries())
      table.parse(prm, s.tissues);
    subject_entries().parse(prm, s.subject);
    calf_entries().parse(prm, s.subject);
    stance_entries().parse(prm, s.stance);
    s.geometry.ankle_dorsiflexion  = s.stance.ankle_dorsiflexion;
    s.geometry.sliding_arch_joints = s.tissues.joints == "sliding";
    s.geometry.hinged_mtp          = s.tissues.joints == "sliding";
    if (s.stance.heel_off && s.stance.toe_dorsiflexion <= 0.)
      throw ScenarioError("Stance/Heel off: needs a toe dorsiflexion > 0 "
                          "(the ground turns with the toes)");
    check_balance_entries(s);
    read_mesh_import(prm, s);
    return s;
  }
} // namespace plantarfe::scenario
