/**
 * Confirms a guest cart in a process of its own, so a test can kill it
 * between the order's commit and the payment link's creation, as a crash
 * would. Usage: node --import tsx --conditions=react-server test/confirm-in-child.ts <cart token>
 */
import { confirmOrder, contactSchema } from "@/lib/checkout";

const token = process.argv[2];
if (!token) throw new Error("usage: confirm-in-child.ts <cart token>");
const contact = contactSchema.parse({
  email: "crash@example.com", fullName: "Ana Pérez", address: "Av. Corrientes 1234", city: "Buenos Aires", province: "C", postalCode: "C1043AAZ",
  phone: "11 4321-5678",
});
console.log(JSON.stringify(await confirmOrder({ token }, contact)));
process.exit(0);
