import {defineField, defineType} from 'sanity'

export const principle = defineType({
  name: 'principle',
  title: 'Principle',
  type: 'object',
  fields: [
    defineField({
      name: 'title',
      type: 'string',
      validation: (rule) => rule.required().error('Each principle needs a title'),
    }),
    defineField({
      name: 'description',
      type: 'text',
      rows: 2,
      validation: (rule) => rule.required().error('Each principle needs a description'),
    }),
  ],
  preview: {select: {title: 'title', subtitle: 'description'}},
})
