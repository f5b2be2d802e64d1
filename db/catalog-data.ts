// Demo catalog for Percha. Pure data: no runtime imports.
// Prices are integer minor units (centavos) in ARS: 1850000 = ARS 18.500,00.

export type DemoVariant = { size: string; color: string; quantity: number };

/** The weave a demo photo's fabric close-up shows. */
export type DemoFabric = "jersey" | "linen" | "fleece" | "knit" | "cable" | "twill" | "quilted" | "canvas" | "rib";

/**
 * How the seed draws a product's photos: its drawing (`image`) is
 * re-coloured from `artColor`, the garment colour it was drawn in, to each
 * colour's shade below; `closeUp` is the point (in the drawing's 800 × 1000
 * space) the detail shot zooms in on.
 */
export type DemoPhotoSpec = { artColor: string; fabric: DemoFabric; closeUp: [number, number] };

/** The shade of each demo colour, as a garment of that colour looks in the photos. */
export const demoColors: Record<string, string> = {
  White: "#f7f5f0",
  Black: "#2a2b2f",
  Navy: "#2b3654",
  Indigo: "#34477a",
  "Light Wash": "#8fa9c9",
  Olive: "#6d6c3c",
  Sage: "#9bae8c",
  "Forest Green": "#2f4f3a",
  Ecru: "#ece3cf",
  Natural: "#e8dcc2",
  Sand: "#d6c3a0",
  Stone: "#cfc6b4",
  Khaki: "#bba97c",
  Camel: "#c0976a",
  Mustard: "#d2a23a",
  Red: "#b8423c",
  Burgundy: "#7b2d3b",
  "Grey Melange": "#a8aaad",
  Grey: "#9a9b9e",
  Charcoal: "#4a4c50",
};

export type DemoProduct = {
  slug: string;
  name: string;
  category: "T-shirts" | "Hoodies & Sweaters" | "Trousers" | "Jackets" | "Accessories";
  description: string;
  priceMinor: number /* integer centavos, ARS */;
  image: string /* public path, e.g. "/products/linen-shirt.svg" */;
  photo: DemoPhotoSpec;
  variants: DemoVariant[];
};

export const demoCatalog: DemoProduct[] = [
  {
    slug: "classic-tee",
    name: "Classic Cotton Tee",
    category: "T-shirts",
    description:
      "Our everyday crew-neck tee in soft 180 g combed cotton. A regular fit that keeps its shape wash after wash.",
    priceMinor: 1850000,
    image: "/products/classic-tee.svg",
    photo: { artColor: "#f7f5f0", fabric: "jersey", closeUp: [400, 330] },
    variants: [
      { size: "XS", color: "White", quantity: 4 },
      { size: "S", color: "White", quantity: 12 },
      { size: "M", color: "White", quantity: 18 },
      { size: "L", color: "White", quantity: 2 },
      { size: "XL", color: "White", quantity: 1 },
      { size: "XS", color: "Black", quantity: 6 },
      { size: "S", color: "Black", quantity: 14 },
      { size: "M", color: "Black", quantity: 22 },
      { size: "L", color: "Black", quantity: 9 },
      { size: "XL", color: "Black", quantity: 0 },
      { size: "XS", color: "Navy", quantity: 3 },
      { size: "S", color: "Navy", quantity: 8 },
      { size: "M", color: "Navy", quantity: 11 },
      { size: "L", color: "Navy", quantity: 5 },
      { size: "XL", color: "Navy", quantity: 2 },
    ],
  },
  {
    slug: "heavyweight-pocket-tee",
    name: "Heavyweight Pocket Tee",
    category: "T-shirts",
    description:
      "A boxy, heavyweight 240 g cotton tee with a chest pocket and a ribbed collar that stays flat.",
    priceMinor: 2290000,
    image: "/products/heavyweight-pocket-tee.svg",
    photo: { artColor: "#6d6c3c", fabric: "jersey", closeUp: [430, 360] },
    variants: [
      { size: "S", color: "Olive", quantity: 7 },
      { size: "M", color: "Olive", quantity: 13 },
      { size: "L", color: "Olive", quantity: 10 },
      { size: "XL", color: "Olive", quantity: 1 },
      { size: "S", color: "Ecru", quantity: 5 },
      { size: "M", color: "Ecru", quantity: 0 },
      { size: "L", color: "Ecru", quantity: 9 },
      { size: "XL", color: "Ecru", quantity: 6 },
    ],
  },
  {
    slug: "breton-stripe-tee",
    name: "Breton Stripe Long-Sleeve Tee",
    category: "T-shirts",
    description:
      "The classic sailor stripe in a mid-weight cotton jersey. Long sleeves and a wide boat neck.",
    priceMinor: 2650000,
    image: "/products/breton-stripe-tee.svg",
    photo: { artColor: "#2b3654", fabric: "jersey", closeUp: [400, 340] },
    variants: [
      { size: "XS", color: "Navy", quantity: 2 },
      { size: "S", color: "Navy", quantity: 9 },
      { size: "M", color: "Navy", quantity: 12 },
      { size: "L", color: "Navy", quantity: 7 },
      { size: "XS", color: "Red", quantity: 1 },
      { size: "S", color: "Red", quantity: 4 },
      { size: "M", color: "Red", quantity: 6 },
      { size: "L", color: "Red", quantity: 0 },
    ],
  },
  {
    slug: "linen-blend-tee",
    name: "Linen Blend Tee",
    category: "T-shirts",
    description:
      "A breathable linen-cotton tee with a slightly slubby texture, made for hot Buenos Aires summers.",
    priceMinor: 2150000,
    image: "/products/linen-blend-tee.svg",
    photo: { artColor: "#9bae8c", fabric: "linen", closeUp: [400, 330] },
    variants: [
      { size: "S", color: "Sage", quantity: 8 },
      { size: "M", color: "Sage", quantity: 15 },
      { size: "L", color: "Sage", quantity: 11 },
      { size: "XL", color: "Sage", quantity: 4 },
      { size: "S", color: "Sand", quantity: 6 },
      { size: "M", color: "Sand", quantity: 10 },
      { size: "L", color: "Sand", quantity: 2 },
      { size: "XL", color: "Sand", quantity: 3 },
    ],
  },
  {
    slug: "essential-hoodie",
    name: "Essential Fleece Hoodie",
    category: "Hoodies & Sweaters",
    description:
      "A brushed-back fleece hoodie with a double-layer hood and kangaroo pocket. Warm without the bulk.",
    priceMinor: 4590000,
    image: "/products/essential-hoodie.svg",
    photo: { artColor: "#a8aaad", fabric: "fleece", closeUp: [400, 330] },
    variants: [
      { size: "S", color: "Grey Melange", quantity: 10 },
      { size: "M", color: "Grey Melange", quantity: 18 },
      { size: "L", color: "Grey Melange", quantity: 14 },
      { size: "XL", color: "Grey Melange", quantity: 6 },
      { size: "S", color: "Black", quantity: 8 },
      { size: "M", color: "Black", quantity: 20 },
      { size: "L", color: "Black", quantity: 16 },
      { size: "XL", color: "Black", quantity: 2 },
      { size: "S", color: "Forest Green", quantity: 3 },
      { size: "M", color: "Forest Green", quantity: 1 },
      { size: "L", color: "Forest Green", quantity: 5 },
      { size: "XL", color: "Forest Green", quantity: 0 },
    ],
  },
  {
    slug: "merino-crewneck",
    name: "Merino Crewneck Sweater",
    category: "Hoodies & Sweaters",
    description:
      "Fine-gauge extra-fine merino wool knitted into a clean crewneck. Light enough to layer under a jacket.",
    priceMinor: 5890000,
    image: "/products/merino-crewneck.svg",
    photo: { artColor: "#c0976a", fabric: "knit", closeUp: [400, 330] },
    variants: [
      { size: "XS", color: "Camel", quantity: 2 },
      { size: "S", color: "Camel", quantity: 6 },
      { size: "M", color: "Camel", quantity: 9 },
      { size: "L", color: "Camel", quantity: 7 },
      { size: "XL", color: "Camel", quantity: 3 },
      { size: "XS", color: "Navy", quantity: 4 },
      { size: "S", color: "Navy", quantity: 8 },
      { size: "M", color: "Navy", quantity: 12 },
      { size: "L", color: "Navy", quantity: 10 },
      { size: "XL", color: "Navy", quantity: 1 },
    ],
  },
  {
    slug: "cable-knit-sweater",
    name: "Cable-Knit Wool Sweater",
    category: "Hoodies & Sweaters",
    description:
      "A chunky fisherman-style sweater with traditional cable panels, knitted from Patagonian wool.",
    priceMinor: 6790000,
    image: "/products/cable-knit-sweater.svg",
    photo: { artColor: "#ece3cf", fabric: "cable", closeUp: [400, 420] },
    variants: [
      { size: "S", color: "Ecru", quantity: 3 },
      { size: "M", color: "Ecru", quantity: 5 },
      { size: "L", color: "Ecru", quantity: 2 },
      { size: "S", color: "Charcoal", quantity: 0 },
      { size: "M", color: "Charcoal", quantity: 4 },
      { size: "L", color: "Charcoal", quantity: 6 },
    ],
  },
  {
    slug: "slim-selvedge-jeans",
    name: "Slim Selvedge Jeans",
    category: "Trousers",
    description:
      "Slim-tapered jeans in 13.5 oz selvedge denim that fades beautifully with wear. Five pockets, button fly.",
    priceMinor: 6490000,
    image: "/products/slim-selvedge-jeans.svg",
    photo: { artColor: "#34477a", fabric: "twill", closeUp: [400, 300] },
    variants: [
      { size: "28", color: "Indigo", quantity: 4 },
      { size: "30", color: "Indigo", quantity: 11 },
      { size: "32", color: "Indigo", quantity: 15 },
      { size: "34", color: "Indigo", quantity: 9 },
      { size: "36", color: "Indigo", quantity: 2 },
      { size: "28", color: "Black", quantity: 3 },
      { size: "30", color: "Black", quantity: 7 },
      { size: "32", color: "Black", quantity: 12 },
      { size: "34", color: "Black", quantity: 0 },
      { size: "36", color: "Black", quantity: 1 },
    ],
  },
  {
    slug: "relaxed-chinos",
    name: "Relaxed Cotton Chinos",
    category: "Trousers",
    description:
      "Relaxed-fit chinos in a sturdy cotton twill with a touch of stretch. Smart enough for the office, easy enough for the weekend.",
    priceMinor: 4890000,
    image: "/products/relaxed-chinos.svg",
    photo: { artColor: "#bba97c", fabric: "twill", closeUp: [400, 300] },
    variants: [
      { size: "28", color: "Khaki", quantity: 6 },
      { size: "30", color: "Khaki", quantity: 14 },
      { size: "32", color: "Khaki", quantity: 17 },
      { size: "34", color: "Khaki", quantity: 8 },
      { size: "28", color: "Navy", quantity: 5 },
      { size: "30", color: "Navy", quantity: 9 },
      { size: "32", color: "Navy", quantity: 13 },
      { size: "34", color: "Navy", quantity: 7 },
      { size: "28", color: "Olive", quantity: 2 },
      { size: "30", color: "Olive", quantity: 0 },
      { size: "32", color: "Olive", quantity: 6 },
      { size: "34", color: "Olive", quantity: 4 },
    ],
  },
  {
    slug: "linen-drawstring-trousers",
    name: "Linen Drawstring Trousers",
    category: "Trousers",
    description:
      "Wide-leg trousers in washed European linen with an elastic drawstring waist. Cool, crumpled and comfortable.",
    priceMinor: 4290000,
    image: "/products/linen-drawstring-trousers.svg",
    photo: { artColor: "#d6c3a0", fabric: "linen", closeUp: [400, 300] },
    variants: [
      { size: "28", color: "Sand", quantity: 5 },
      { size: "30", color: "Sand", quantity: 9 },
      { size: "32", color: "Sand", quantity: 1 },
      { size: "34", color: "Sand", quantity: 4 },
      { size: "28", color: "Ecru", quantity: 3 },
      { size: "30", color: "Ecru", quantity: 7 },
      { size: "32", color: "Ecru", quantity: 8 },
      { size: "34", color: "Ecru", quantity: 2 },
    ],
  },
  {
    slug: "denim-trucker-jacket",
    name: "Denim Trucker Jacket",
    category: "Jackets",
    description:
      "A rigid-denim trucker jacket with pleated front, flap chest pockets and copper buttons. Softens with every wear.",
    priceMinor: 8290000,
    image: "/products/denim-trucker-jacket.svg",
    photo: { artColor: "#34477a", fabric: "twill", closeUp: [400, 360] },
    variants: [
      { size: "S", color: "Indigo", quantity: 6 },
      { size: "M", color: "Indigo", quantity: 10 },
      { size: "L", color: "Indigo", quantity: 8 },
      { size: "XL", color: "Indigo", quantity: 3 },
      { size: "S", color: "Light Wash", quantity: 2 },
      { size: "M", color: "Light Wash", quantity: 5 },
      { size: "L", color: "Light Wash", quantity: 4 },
      { size: "XL", color: "Light Wash", quantity: 1 },
    ],
  },
  {
    slug: "quilted-puffer-jacket",
    name: "Quilted Puffer Jacket",
    category: "Jackets",
    description:
      "A lightweight puffer with recycled synthetic insulation and a water-repellent shell. Packs into its own pocket.",
    priceMinor: 12990000,
    image: "/products/quilted-puffer-jacket.svg",
    photo: { artColor: "#2a2b2f", fabric: "quilted", closeUp: [400, 360] },
    variants: [
      { size: "S", color: "Black", quantity: 5 },
      { size: "M", color: "Black", quantity: 9 },
      { size: "L", color: "Black", quantity: 7 },
      { size: "XL", color: "Black", quantity: 0 },
      { size: "S", color: "Olive", quantity: 1 },
      { size: "M", color: "Olive", quantity: 3 },
      { size: "L", color: "Olive", quantity: 2 },
      { size: "XL", color: "Olive", quantity: 4 },
    ],
  },
  {
    slug: "linen-overshirt",
    name: "Linen Overshirt",
    category: "Jackets",
    description:
      "A heavy linen overshirt with two patch pockets — wear it as a light jacket on spring evenings or as a shirt on its own.",
    priceMinor: 5690000,
    image: "/products/linen-overshirt.svg",
    photo: { artColor: "#9bae8c", fabric: "linen", closeUp: [400, 360] },
    variants: [
      { size: "S", color: "Sage", quantity: 4 },
      { size: "M", color: "Sage", quantity: 7 },
      { size: "L", color: "Sage", quantity: 6 },
      { size: "XL", color: "Sage", quantity: 2 },
      { size: "S", color: "Navy", quantity: 3 },
      { size: "M", color: "Navy", quantity: 5 },
      { size: "L", color: "Navy", quantity: 0 },
      { size: "XL", color: "Navy", quantity: 2 },
    ],
  },
  {
    slug: "canvas-tote-bag",
    name: "Canvas Tote Bag",
    category: "Accessories",
    description:
      "A roomy 12 oz cotton canvas tote with long shoulder straps and an inner pocket for keys.",
    priceMinor: 1490000,
    image: "/products/canvas-tote-bag.svg",
    photo: { artColor: "#e8dcc2", fabric: "canvas", closeUp: [400, 440] },
    variants: [
      { size: "One size", color: "Natural", quantity: 24 },
      { size: "One size", color: "Black", quantity: 12 },
    ],
  },
  {
    slug: "ribbed-wool-beanie",
    name: "Ribbed Wool Beanie",
    category: "Accessories",
    description:
      "A snug rib-knit beanie in soft wool with a deep turn-up cuff.",
    priceMinor: 1290000,
    image: "/products/ribbed-wool-beanie.svg",
    photo: { artColor: "#d2a23a", fabric: "rib", closeUp: [400, 560] },
    variants: [
      { size: "One size", color: "Mustard", quantity: 1 },
      { size: "One size", color: "Charcoal", quantity: 9 },
      { size: "One size", color: "Navy", quantity: 2 },
    ],
  },
  {
    slug: "washed-cotton-cap",
    name: "Washed Cotton Cap",
    category: "Accessories",
    description:
      "A six-panel cap in garment-washed cotton twill with an adjustable brass buckle strap.",
    priceMinor: 1390000,
    image: "/products/washed-cotton-cap.svg",
    photo: { artColor: "#2b3654", fabric: "canvas", closeUp: [350, 460] },
    variants: [
      { size: "One size", color: "Navy", quantity: 11 },
      { size: "One size", color: "Stone", quantity: 6 },
    ],
  },
  {
    slug: "everyday-crew-socks",
    name: "Everyday Crew Socks",
    category: "Accessories",
    description:
      "Cushioned combed-cotton crew socks with a reinforced heel and toe. Sold as a single pair.",
    priceMinor: 890000,
    image: "/products/everyday-crew-socks.svg",
    photo: { artColor: "#f7f5f0", fabric: "rib", closeUp: [400, 420] },
    variants: [
      { size: "35-40", color: "White", quantity: 18 },
      { size: "41-45", color: "White", quantity: 22 },
      { size: "35-40", color: "Black", quantity: 15 },
      { size: "41-45", color: "Black", quantity: 2 },
    ],
  },
  {
    slug: "lambswool-scarf",
    name: "Lambswool Scarf",
    category: "Accessories",
    description:
      "A soft brushed lambswool scarf with fringed ends, generously sized to wrap twice.",
    priceMinor: 2890000,
    image: "/products/lambswool-scarf.svg",
    photo: { artColor: "#7b2d3b", fabric: "fleece", closeUp: [400, 760] },
    variants: [
      { size: "One size", color: "Burgundy", quantity: 0 },
      { size: "One size", color: "Grey", quantity: 0 },
    ],
  },
];
