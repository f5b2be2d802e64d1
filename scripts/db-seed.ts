import { migrateDatabase } from "@/db/migrate";
import { seedCatalog } from "@/db/seed";
import { withDatabase } from "./with-database";

await withDatabase(async () => {
  await migrateDatabase();
  const { products, variants, photos } = await seedCatalog({ reset: true });
  console.log(`Shop reset: ${products} products, ${variants} variants, ${photos} photos.`);
});
