import {defineField, defineType} from 'sanity'
import {SAFE_LINK_SCHEMES} from './fields'

export const quoteSource = defineType({
  name: 'quoteSource',
  title: 'Source',
  type: 'object',
  fields: [
    defineField({name: 'title', type: 'string'}),
    defineField({
      name: 'url',
      title: 'URL',
      type: 'url',
      validation: (rule) => rule.uri({scheme: SAFE_LINK_SCHEMES}),
    }),
  ],
})
