#include "scenario/foot_parameters.h"

#include "base/errors.h"

#include <cmath>
#include <sstream>

namespace plantarfe::scenario
{
  using namespace dealii;

  namespace
  {
    constexpr double deg = M_PI / 180.;

    /// Declares a double entry with an inclusive range; the unit goes into
    /// the documentation.
    void
    entry(ParameterHandler  &prm,
          const std::string &name,
          const double       value,
          const double       lo,
          const double       hi,
          const std::string &doc)
    {
      std::ostringstream v;
      v << value;
      prm.declare_entry(name, v.str(), Patterns::Double(lo, hi), doc);
    }

    /// Reads a double and checks a range that the pattern cannot express
    /// (open bounds).
    double
    positive(const ParameterHandler &prm,
             const std::string      &path,
             const std::string      &name)
    {
      const double v = prm.get_double(name);
      if (!(v > 0.))
        throw ScenarioError(path + "/" + name + ": must be > 0 (got " +
                            prm.get(name) + ")");
      return v;
    }
  } // namespace

  void
  declare_foot_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Foot");
    {
      entry(prm,
            "Foot length",
            266,
            150,
            350,
            "Heel to toe tip (mm); 266-276 mm in young adults.");
      entry(prm,
            "Foot width",
            90,
            50,
            140,
            "Width of the 3D model and depth of the 2D (plane strain) "
            "slice (mm); breadth 90-95 mm in adults.");
      entry(prm,
            "Heel pad thickness",
            16,
            5,
            40,
            "Unloaded heel fat pad under the medial calcaneal tubercle (mm); "
            "about 16 mm (fluoroscopy), 18.8 mm (population study).");
      entry(prm,
            "Forefoot pad thickness",
            12,
            6,
            30,
            "Soft tissue under the first metatarsal head (mm).");
      prm.declare_entry("Arch height",
                        "38",
                        Patterns::Double(),
                        "Height of the navicular landmark (plantar midfoot) "
                        "above the ground (mm); must be > 0 and at least "
                        "10 mm above the heel pad.");
      entry(prm,
            "Fascia thickness",
            3.2,
            0.5,
            15,
            "Plantar fascia thickness (mm): healthy 2-4 mm (3.2 +- 0.7), "
            "plantar fasciitis > 4 mm (6.5 +- 1.6). Must leave 5 mm of heel "
            "pad and of forefoot pad below it.");
      entry(prm,
            "Fascia width",
            20,
            5,
            60,
            "Width of the fascia band (mm): its width in 3D; in 2D the "
            "fascia's stiffness is scaled by width / foot width so its "
            "axial stiffness matches.");
      entry(prm,
            "Insertion region length",
            12,
            3,
            40,
            "Length of fascia next to the calcaneus that forms the "
            "heel-attachment region of the metrics (mm).");
      entry(prm,
            "Heel spur length",
            0,
            0,
            30,
            "Bony spur from the medial tubercle into the fascia origin (mm); "
            "0 = none.");
      entry(prm,
            "Cartilage thickness",
            2,
            0.5,
            6,
            "Joint cartilage layers between bones (mm).");
      prm.enter_subsection("Leg");
      {
        entry(prm,
              "Tibia length",
              380,
              200,
              500,
              "Ankle centre to the knee end (mm).");
        entry(prm, "Tibia width", 26, 10, 40, "Tibial shaft width (mm).");
        entry(prm,
              "Achilles moment arm",
              48,
              30,
              80,
              "Distance of the Achilles tendon from the ankle centre (mm); "
              "47.9 +- 4.5 mm at neutral.");
        entry(prm,
              "Achilles thickness",
              6,
              2,
              15,
              "Tendon thickness in the sagittal plane (mm).");
        entry(prm,
              "Achilles width",
              20,
              4,
              40,
              "Tendon band width in 3D (mm). The tendon's axial stiffness "
              "is set from the measured value whatever its section, so this "
              "only shapes the load path; 20 mm (the tendon mid-portion is "
              "12-15 mm, its aponeurosis and calcaneal footprint wider) "
              "matches the default muscle width so the belly pulls straight "
              "on it.");
        entry(prm,
              "Tendon length",
              150,
              50,
              300,
              "Free tendon from the calcaneus to the muscle-tendon junction "
              "(mm).");
        entry(prm,
              "Muscle thickness",
              30,
              10,
              80,
              "Calf muscle belly thickness in the sagittal plane (mm).");
        entry(prm,
              "Muscle width",
              20,
              10,
              120,
              "Calf muscle belly width in 3D (mm). The passive and active "
              "forces are per unit of its section, so the unit's force does "
              "not depend on it; a belly wider than the tendon pulls mostly "
              "on soft tissue at its junction (a 60 mm belly on a 10 mm "
              "tendon carried a third of the 2D Achilles force and its "
              "junction inverted under a prescribed 2 kN).");
      }
      prm.leave_subsection();
      prm.enter_subsection("Mesh");
      {
        entry(prm,
              "Cell size 2D",
              3,
              0.3,
              20,
              "Target cell size of the 2D mesh in the foot (mm); thin "
              "layers are resolved finer, the leg twice as coarse.");
        entry(prm,
              "Cell size 3D",
              6,
              1,
              30,
              "In-plane cell size of the 3D model (mm).");
        entry(prm,
              "Slice size",
              12,
              2,
              50,
              "Cell size across the width in 3D (mm).");
        prm.declare_entry("Refinements",
                          "0",
                          Patterns::Integer(0, 4),
                          "Uniform refinements of the generated mesh.");
      }
      prm.leave_subsection();
    }
    prm.leave_subsection();

    prm.enter_subsection("Tissues");
    {
      prm.enter_subsection("Bone");
      entry(prm,
            "Young's modulus",
            7300,
            100,
            30000,
            "Bone (MPa); 7.3 GPa in the Cheung/Zhang foot models.");
      entry(prm, "Poisson's ratio", 0.3, 0., 0.45, "Bone.");
      prm.leave_subsection();
      prm.enter_subsection("Cartilage");
      entry(prm, "Young's modulus", 1, 0.1, 100, "Cartilage (MPa).");
      entry(prm, "Poisson's ratio", 0.4, 0., 0.49, "Cartilage.");
      prm.leave_subsection();
      for (const char *name : {"Heel pad", "Soft tissue"})
        {
          prm.enter_subsection(name);
          entry(prm,
                "Ogden c1",
                26.52,
                0.1,
                1000,
                "Ogden modulus c1 (kPa) in FEBio's uncoupled convention "
                "W = c1/m1^2 (l1^m1 + l2^m1 + l3^m1 - 3); initial shear "
                "modulus c1/2. Petre et al. 2013: 26.52 kPa.");
          entry(prm,
                "Ogden m1",
                17.71,
                2,
                40,
                "Ogden exponent m1; Petre et al. 2013: 17.71.");
          entry(prm,
                "Poisson's ratio",
                0.49,
                0.3,
                0.4999,
                "Initial Poisson's ratio (sets the bulk modulus; nearly "
                "incompressible, u-p-J formulation).");
          prm.leave_subsection();
        }
      prm.enter_subsection("Plantar fascia");
      prm.declare_entry("Law",
                        "linear",
                        Patterns::Selection("linear|Natali 2010|Gefen 2002"),
                        "Fibre law of the fascia: linear (tension-only, "
                        "Young's modulus below; 350 MPa in the Cheung/Zhang "
                        "models), Natali 2010 (exponential), Gefen 2002 "
                        "(polynomial). They differ ~5x at 1-2 % strain.");
      entry(prm,
            "Young's modulus",
            350,
            1,
            5000,
            "Fascia modulus of the linear law (MPa).");
      entry(prm,
            "Matrix shear modulus",
            500,
            1,
            50000,
            "Shear modulus of the fascia's ground matrix (kPa) for the "
            "linear and Gefen laws (Natali's own matrix is 14.449 MPa).");
      prm.leave_subsection();
      prm.enter_subsection("Achilles tendon");
      entry(prm,
            "Stiffness",
            430,
            50,
            3000,
            "Axial stiffness of the free tendon (N/mm); 430 +- 200 N/mm "
            "(Peltonen 2010). Turned into a modulus with the tendon's "
            "length and cross-section.");
      entry(prm,
            "Matrix shear modulus",
            500,
            1,
            50000,
            "Shear modulus of the tendon matrix (kPa).");
      prm.leave_subsection();
      prm.enter_subsection("Calf muscle");
      entry(prm,
            "Max isometric force",
            5000,
            100,
            20000,
            "Summed maximal isometric force of the triceps surae (N); scales "
            "the Thelen passive curve.");
      entry(prm,
            "Optimal fibre length",
            55,
            10,
            200,
            "Optimal fibre length (mm): the belly's stretch is mapped onto "
            "fibres of this length.");
      entry(prm,
            "Passive strain at max force",
            0.6,
            0.1,
            2,
            "Thelen 2003 eps0: fibre strain at which the passive force "
            "equals the max isometric force (0.6).");
      entry(prm, "Passive shape factor", 5, 1, 10, "Thelen 2003 k_PE (5).");
      entry(prm,
            "Matrix shear modulus",
            5,
            0.1,
            1000,
            "Shear modulus of the muscle's matrix (kPa).");
      prm.leave_subsection();
    }
    prm.leave_subsection();

    prm.enter_subsection("Subject");
    {
      prm.declare_entry("Body mass",
                        "70",
                        Patterns::Double(),
                        "Body mass (kg); must be > 0.");
      entry(prm,
            "Load share",
            0.5,
            0.,
            2.,
            "Fraction of body weight carried by this foot (0.5 bipedal "
            "standing, 1 single-leg stance; > 1 for dynamic peaks).");
      prm.enter_subsection("Calf");
      prm.declare_entry("Dorsiflexion range",
                        "15",
                        Patterns::Double(),
                        "Calf tightness: passive ankle dorsiflexion range "
                        "with the knee extended (degrees, in [-20, 40]); "
                        "~13-15 supple, <= 5 tight, 0 severe equinus. Sets "
                        "the slack length of the calf muscle-tendon unit.");
      entry(prm,
            "End-of-range moment",
            27,
            1,
            200,
            "Passive plantarflexor moment at the end of the dorsiflexion "
            "range (N m). 27 N m (Riener & Edrich's curve near 15 degrees) "
            "gives a supple calf (15-degree range) 15 N m at 10 degrees, "
            "against their 17 N m.");
      prm.declare_entry("Achilles force",
                        "from calf",
                        Patterns::Selection("from calf|prescribed"),
                        "from calf: the passive calf stretched by the stance "
                        "ankle angle pulls on the heel (its force is a "
                        "result); prescribed: the calf pulls with the force "
                        "below (to compare with published FE set-ups).");
      entry(prm,
            "Prescribed force",
            0,
            0,
            10000,
            "Achilles force when prescribed (N).");
      prm.leave_subsection();
    }
    prm.leave_subsection();

    prm.enter_subsection("Stance");
    {
      entry(prm,
            "Ankle dorsiflexion",
            3,
            -25,
            25,
            "Stance ankle dorsiflexion = forward tibial inclination "
            "(degrees); quiet standing ~3, midstance ~10.");
      entry(prm,
            "Toe dorsiflexion",
            0,
            0,
            60,
            "First-toe dorsiflexion (degrees): the phalanges are turned "
            "about the MTP joint (windlass).");
      prm.declare_entry("Heel off",
                        "false",
                        Patterns::Bool(),
                        "true: the ground turns with the toes about the "
                        "forefoot, so the heel lifts (late stance).");
      prm.declare_entry("Ground friction",
                        "stick",
                        Patterns::Selection("stick|frictionless"),
                        "stick: the sole does not slide on the ground (a "
                        "tangential penalty spring; friction holds the "
                        "barefoot sole in stance); frictionless: it slides "
                        "freely, so only the knee holds the foot and the "
                        "leg can swing about it.");
      entry(prm,
            "Ground penalty",
            0,
            0,
            1e15,
            "Contact penalty (Pa/m); 0 = automatic from the soft tissue's "
            "stiffness and the cell size.");
    }
    prm.leave_subsection();
  }

  FootScenario
  read_foot_parameters(ParameterHandler &prm)
  {
    FootScenario s;
    auto        &g = s.geometry;
    prm.enter_subsection("Foot");
    g.foot_length            = prm.get_double("Foot length") * 1e-3;
    g.foot_width             = prm.get_double("Foot width") * 1e-3;
    g.heel_pad_thickness     = prm.get_double("Heel pad thickness") * 1e-3;
    g.forefoot_pad_thickness = prm.get_double("Forefoot pad thickness") * 1e-3;
    g.arch_height            = prm.get_double("Arch height") * 1e-3;
    g.fascia_thickness       = prm.get_double("Fascia thickness") * 1e-3;
    g.fascia_width           = prm.get_double("Fascia width") * 1e-3;
    g.insertion_length       = prm.get_double("Insertion region length") * 1e-3;
    g.heel_spur_length       = prm.get_double("Heel spur length") * 1e-3;
    g.cartilage_thickness    = prm.get_double("Cartilage thickness") * 1e-3;
    prm.enter_subsection("Leg");
    g.tibia_length        = prm.get_double("Tibia length") * 1e-3;
    g.tibia_width         = prm.get_double("Tibia width") * 1e-3;
    g.achilles_moment_arm = prm.get_double("Achilles moment arm") * 1e-3;
    g.achilles_thickness  = prm.get_double("Achilles thickness") * 1e-3;
    g.achilles_width      = prm.get_double("Achilles width") * 1e-3;
    g.tendon_length       = prm.get_double("Tendon length") * 1e-3;
    g.muscle_thickness    = prm.get_double("Muscle thickness") * 1e-3;
    g.muscle_width        = prm.get_double("Muscle width") * 1e-3;
    prm.leave_subsection();
    prm.enter_subsection("Mesh");
    s.mesh.mesh_size_2d = prm.get_double("Cell size 2D") * 1e-3;
    s.mesh.mesh_size_3d = prm.get_double("Cell size 3D") * 1e-3;
    s.mesh.slice_size   = prm.get_double("Slice size") * 1e-3;
    s.mesh.refinements  = prm.get_integer("Refinements");
    prm.leave_subsection();
    prm.leave_subsection();
    if (!(g.arch_height > 0.))
      throw ScenarioError("Foot/Arch height: must be > 0 mm (got " +
                          std::to_string(g.arch_height * 1e3) + ")");

    auto &t = s.tissues;
    prm.enter_subsection("Tissues");
    prm.enter_subsection("Bone");
    t.bone_E  = prm.get_double("Young's modulus") * 1e6;
    t.bone_nu = prm.get_double("Poisson's ratio");
    prm.leave_subsection();
    prm.enter_subsection("Cartilage");
    t.cartilage_E  = prm.get_double("Young's modulus") * 1e6;
    t.cartilage_nu = prm.get_double("Poisson's ratio");
    prm.leave_subsection();
    prm.enter_subsection("Heel pad");
    t.heel_pad_c  = prm.get_double("Ogden c1") * 1e3;
    t.heel_pad_m  = prm.get_double("Ogden m1");
    t.heel_pad_nu = prm.get_double("Poisson's ratio");
    prm.leave_subsection();
    prm.enter_subsection("Soft tissue");
    t.soft_tissue_c  = prm.get_double("Ogden c1") * 1e3;
    t.soft_tissue_m  = prm.get_double("Ogden m1");
    t.soft_tissue_nu = prm.get_double("Poisson's ratio");
    prm.leave_subsection();
    prm.enter_subsection("Plantar fascia");
    t.fascia_law       = prm.get("Law");
    t.fascia_E         = prm.get_double("Young's modulus") * 1e6;
    t.fascia_matrix_mu = prm.get_double("Matrix shear modulus") * 1e3;
    prm.leave_subsection();
    prm.enter_subsection("Achilles tendon");
    t.achilles_stiffness = prm.get_double("Stiffness") * 1e3;
    t.tendon_matrix_mu   = prm.get_double("Matrix shear modulus") * 1e3;
    prm.leave_subsection();
    prm.enter_subsection("Calf muscle");
    t.muscle_max_force    = prm.get_double("Max isometric force");
    t.muscle_fibre_length = prm.get_double("Optimal fibre length") * 1e-3;
    t.muscle_eps0         = prm.get_double("Passive strain at max force");
    t.muscle_shape        = prm.get_double("Passive shape factor");
    t.muscle_matrix_mu    = prm.get_double("Matrix shear modulus") * 1e3;
    prm.leave_subsection();
    prm.leave_subsection();

    auto &p = s.subject;
    prm.enter_subsection("Subject");
    p.body_mass  = positive(prm, "Subject", "Body mass");
    p.load_share = prm.get_double("Load share");
    prm.enter_subsection("Calf");
    const double range = prm.get_double("Dorsiflexion range");
    if (range < -20. || range > 40.)
      throw ScenarioError("Subject/Calf/Dorsiflexion range: must lie in "
                          "[-20, 40] degrees (got " +
                          prm.get("Dorsiflexion range") + ")");
    p.dorsiflexion_range  = range * deg;
    p.end_of_range_moment = prm.get_double("End-of-range moment");
    p.prescribed_achilles = prm.get("Achilles force") == "prescribed";
    p.achilles_force      = prm.get_double("Prescribed force");
    prm.leave_subsection();
    prm.leave_subsection();

    auto &st = s.stance;
    prm.enter_subsection("Stance");
    st.ankle_dorsiflexion = prm.get_double("Ankle dorsiflexion") * deg;
    st.toe_dorsiflexion   = prm.get_double("Toe dorsiflexion") * deg;
    st.heel_off           = prm.get_bool("Heel off");
    st.ground_penalty     = prm.get_double("Ground penalty");
    st.ground_stick       = prm.get("Ground friction") == "stick";
    prm.leave_subsection();
    g.ankle_dorsiflexion = st.ankle_dorsiflexion;
    if (st.heel_off && st.toe_dorsiflexion <= 0.)
      throw ScenarioError("Stance/Heel off: needs a toe dorsiflexion > 0 "
                          "(the ground turns with the toes)");
    return s;
  }
} // namespace plantarfe::scenario
