// Placeholder until the database test harness lands (Foundation).
export default async function globalSetup(): Promise<void> {}
