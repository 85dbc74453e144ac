/* The projects part of the automation API: its types and request schemas. */
export {};
